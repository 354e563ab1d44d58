import type { LanguageModelScorer } from '../lm/LanguageModelScorer.ts';
import type { ContextGraph } from './contextGraph.ts';
import { DecodeError } from './DecodeError.ts';
import { logAddExp } from './logAddExp.ts';
import { PrefixTree } from './PrefixTree.ts';
import { TokenTrail } from './TokenTrail.ts';
import type { Hypothesis, LogProbs } from './types.ts';
import { validateLogProbs } from './validateLogProbs.ts';

/** Options for {@link prefixBeamSearch}. */
export interface PrefixBeamSearchOptions {
  blankId: number;
  /** Hypotheses kept per frame (default 8). */
  beam?: number;
  /** Skip non-blank tokens whose log-prob at a frame is below this (e.g. -10); by default no token is skipped. */
  tokenPruneLogProb?: number;
  /** Vocabulary boosting; changes `score` and which hypothesis wins, never `acousticScore`. */
  boosting?: ContextGraph;
  /**
   * Shallow fusion with a word language model: each completed word adds `alpha * ln p(word | history) + beta`, each
   * token of a spelling that no known word starts with costs `unkPenalty`. Changes `score`, never `acousticScore`.
   */
  lm?: LanguageModelScorer;
  /** Called every 1024 frames and once at the end with the number of frames decoded so far. */
  onProgress?: (framesDone: number, frames: number) => void;
  /** Aborting throws the signal's reason at the next check (every 256 frames). */
  signal?: AbortSignal;
}

const DEFAULT_BEAM = 8;
const MAX_BEAM = 1024;

/**
 * CTC prefix beam search: keeps the `beam` most probable labellings, each with the log-probability of all its
 * alignments ending in blank and in non-blank, and merges alignments that collapse to the same labelling.
 *
 * Each token's frames follow the strongest path into its prefix: `start` is the frame where it was emitted, `end`
 * one past the last frame where it was repeated. Prefixes live in a shared tree, so memory grows with the number of
 * emitted tokens, not with frames x beam.
 *
 * @returns up to `beam` hypotheses, best `score` first.
 * @throws {DecodeError} for a malformed matrix or a bad option; the signal's reason when aborted.
 * @example
 * const [best] = prefixBeamSearch(logProbs, { blankId: 28, beam: 8, tokenPruneLogProb: -10, signal });
 */
export function prefixBeamSearch(lp: LogProbs, options: PrefixBeamSearchOptions): Hypothesis[] {
  const { blankId, boosting: graph, lm, onProgress, signal } = options;
  const B = options.beam ?? DEFAULT_BEAM;
  const prune = options.tokenPruneLogProb ?? -Infinity;
  validateLogProbs(lp, blankId);
  if (!Number.isInteger(B) || B < 1 || B > MAX_BEAM) {
    throw new DecodeError('invalid-option', `beam must be an integer from 1 to ${MAX_BEAM}, got ${B}`);
  }
  if (typeof prune !== 'number' || Number.isNaN(prune)) {
    throw new DecodeError('invalid-option', `tokenPruneLogProb must be a number, got ${prune}`);
  }
  if (graph !== undefined && graph.vocabSize !== lp.vocab) {
    throw new DecodeError(
      'invalid-option',
      `the boosting graph was built for ${graph.vocabSize} tokens but the model emits ${lp.vocab}`,
    );
  }
  if (lm !== undefined && (lm.wordBoundaryId >= lp.vocab || lm.wordBoundaryId === blankId)) {
    throw new DecodeError('invalid-option', `the language model's word boundary ${lm.wordBoundaryId} is not a token of this model`);
  }
  signal?.throwIfAborted();
  const { data, frames, vocab: V } = lp;
  const wb = lm?.wordBoundaryId ?? -1;
  const tree = new PrefixTree();
  const trail = new TokenTrail();

  // The beam, double-buffered: prefix node, last token, timing record and end frame of the last token, the
  // log-probs ending in blank / non-blank, the boosting state and provisional bonus, the LM history, the lexicon node
  // of the partial word and the LM score of the completed words.
  let cur = beamArrays(B);
  let nxt = beamArrays(B);
  let n = 1;
  cur.node[0] = 0;
  cur.last[0] = -1;
  cur.rec[0] = -1;
  cur.end[0] = 0;
  cur.pb[0] = 0;
  cur.pnb[0] = -Infinity;
  cur.ctx[0] = graph?.start ?? 0;
  cur.boost[0] = 0;
  cur.lmState[0] = lm?.startState ?? 0;
  cur.lex[0] = 0;
  cur.lmScore[0] = 0;

  // Candidates for the next frame: the first n stay on their prefix, the rest extend hypothesis `src` by `tok`.
  const C = B * V;
  const cSrc = new Int32Array(C);
  const cTok = new Int32Array(C);
  const cBlank = new Float64Array(C);
  const cRepeat = new Float64Array(C);
  const cFresh = new Float64Array(C);
  const cFreshSrc = new Int32Array(C);
  const cCtx = new Int32Array(C);
  const cBoost = new Float64Array(C);
  const cLmState = new Int32Array(C);
  const cLex = new Int32Array(C);
  const cLmScore = new Float64Array(C);
  const cScore = new Float64Array(C);
  const chosen = new Int32Array(B);
  // extendsTo[j * V + c]: the hypothesis whose prefix is hypothesis j's plus token c, so the two merge.
  const extendsTo = new Int32Array(B * V).fill(-1);
  const extendKey = new Int32Array(B);
  const active = new Int32Array(V);

  for (let t = 0; t < frames; t++) {
    if ((t & 255) === 0) signal?.throwIfAborted();
    if (onProgress !== undefined && t > 0 && (t & 1023) === 0) onProgress(t, frames);
    const row = t * V;
    const lpBlank = data[row + blankId] as number;
    let na = 0;
    for (let c = 0; c < V; c++) {
      if (c !== blankId && (data[row + c] as number) >= prune) active[na++] = c;
    }

    for (let i = 0; i < n; i++) {
      const last = cur.last[i] as number;
      cSrc[i] = i;
      cTok[i] = -1;
      cBlank[i] = logAddExp(cur.pb[i] as number, cur.pnb[i] as number) + lpBlank;
      const lpLast = last >= 0 ? (data[row + last] as number) : -Infinity;
      cRepeat[i] = lpLast >= prune ? (cur.pnb[i] as number) + lpLast : -Infinity;
      cFresh[i] = -Infinity;
      cFreshSrc[i] = -1;
      cCtx[i] = cur.ctx[i] as number;
      cBoost[i] = cur.boost[i] as number;
      cLmState[i] = cur.lmState[i] as number;
      cLex[i] = cur.lex[i] as number;
      cLmScore[i] = cur.lmScore[i] as number;
      extendKey[i] = -1;
      const parent = tree.parent(cur.node[i] as number);
      if (parent < 0) continue;
      for (let j = 0; j < n; j++) {
        if (cur.node[j] === parent) {
          extendKey[i] = j * V + last;
          extendsTo[j * V + last] = i;
          break;
        }
      }
    }

    let nc = n;
    for (let j = 0; j < n; j++) {
      const pb = cur.pb[j] as number;
      const total = logAddExp(pb, cur.pnb[j] as number);
      const last = cur.last[j] as number;
      const ctx = cur.ctx[j] as number;
      for (let a = 0; a < na; a++) {
        const c = active[a] as number;
        // After the same token, only a path through blank starts a new token; otherwise it is a repeat.
        const from = c === last ? pb : total;
        if (from === -Infinity) continue;
        const p = from + (data[row + c] as number);
        const into = extendsTo[j * V + c] as number;
        if (into >= 0) {
          cFresh[into] = logAddExp(cFresh[into] as number, p);
          cFreshSrc[into] = j;
          continue;
        }
        cSrc[nc] = j;
        cTok[nc] = c;
        cBlank[nc] = -Infinity;
        cRepeat[nc] = -Infinity;
        cFresh[nc] = p;
        if (graph !== undefined) {
          const to = graph.next(ctx, c);
          cCtx[nc] = to;
          cBoost[nc] = (cur.boost[j] as number) + graph.gain(ctx, to);
        } else {
          cCtx[nc] = 0;
          cBoost[nc] = 0;
        }
        const lex = cur.lex[j] as number;
        if (lm === undefined) {
          cLmState[nc] = 0;
          cLex[nc] = 0;
          cLmScore[nc] = 0;
        } else if (c === wb) {
          // a word ends: score it (nothing to score after an empty word, e.g. a leading or doubled boundary)
          if (lex !== lm.root) {
            cLmScore[nc] = (cur.lmScore[j] as number) + lm.wordScore(cur.lmState[j] as number, lex);
            cLmState[nc] = lm.nextState;
          } else {
            cLmScore[nc] = cur.lmScore[j] as number;
            cLmState[nc] = cur.lmState[j] as number;
          }
          cLex[nc] = lm.root;
        } else {
          const to = lm.next(lex, c);
          cLex[nc] = to;
          cLmState[nc] = cur.lmState[j] as number;
          // a spelling that leaves the lexicon pays unkPenalty per token (see spellCost)
          cLmScore[nc] = (cur.lmScore[j] as number) + lm.spellCost(lex, to);
        }
        nc++;
      }
    }
    for (let i = 0; i < n; i++) {
      const key = extendKey[i] as number;
      if (key >= 0) extendsTo[key] = -1;
    }

    // Keep the best B candidates, sorted by score (insertion into a list of at most B).
    let kept = 0;
    for (let k = 0; k < nc; k++) {
      const pnb = logAddExp(cRepeat[k] as number, cFresh[k] as number);
      let s = logAddExp(cBlank[k] as number, pnb) + (cBoost[k] as number);
      if (lm !== undefined) s += (cLmScore[k] as number) + lm.lookahead(cLex[k] as number);
      cScore[k] = s;
      if (s === -Infinity || (kept === B && s <= (cScore[chosen[B - 1] as number] as number))) continue;
      let pos = kept < B ? kept++ : B - 1;
      while (pos > 0 && (cScore[chosen[pos - 1] as number] as number) < s) {
        chosen[pos] = chosen[pos - 1] as number;
        pos--;
      }
      chosen[pos] = k;
    }

    for (let r = 0; r < kept; r++) {
      const k = chosen[r] as number;
      const src = cSrc[k] as number;
      nxt.pb[r] = cBlank[k] as number;
      nxt.pnb[r] = logAddExp(cRepeat[k] as number, cFresh[k] as number);
      nxt.ctx[r] = cCtx[k] as number;
      nxt.boost[r] = cBoost[k] as number;
      nxt.lmState[r] = cLmState[k] as number;
      nxt.lex[r] = cLex[k] as number;
      nxt.lmScore[r] = cLmScore[k] as number;
      const tok = cTok[k] as number;
      if (tok >= 0) {
        nxt.node[r] = tree.child(cur.node[src] as number, tok);
        nxt.last[r] = tok;
        nxt.rec[r] = trail.push(tok, t, cur.rec[src] as number, cur.end[src] as number);
        nxt.end[r] = t + 1;
        continue;
      }
      const last = cur.last[src] as number;
      nxt.node[r] = cur.node[src] as number;
      nxt.last[r] = last;
      const old = logAddExp(cBlank[k] as number, cRepeat[k] as number);
      if ((cFresh[k] as number) > old) {
        // The prefix is now mostly a fresh emission of its last token from its parent: time it from here.
        const parent = cFreshSrc[k] as number;
        nxt.rec[r] = trail.push(last, t, cur.rec[parent] as number, cur.end[parent] as number);
        nxt.end[r] = t + 1;
      } else {
        nxt.rec[r] = cur.rec[src] as number;
        nxt.end[r] = (cRepeat[k] as number) > (cBlank[k] as number) ? t + 1 : (cur.end[src] as number);
      }
    }
    const swap = cur;
    cur = nxt;
    nxt = swap;
    n = kept;
  }
  onProgress?.(frames, frames);

  const out: Hypothesis[] = [];
  for (let i = 0; i < n; i++) {
    const acousticScore = logAddExp(cur.pb[i] as number, cur.pnb[i] as number);
    const boostScore = graph === undefined ? 0 : (cur.boost[i] as number) + graph.finish(cur.ctx[i] as number);
    let lmScore = 0;
    if (lm !== undefined) {
      // close the last word, then the sentence
      let state = cur.lmState[i] as number;
      lmScore = cur.lmScore[i] as number;
      if (cur.lex[i] !== lm.root) {
        lmScore += lm.wordScore(state, cur.lex[i] as number);
        state = lm.nextState;
      }
      lmScore += lm.endScore(state);
    }
    out.push({
      tokens: trail.collect(cur.rec[i] as number, cur.end[i] as number),
      score: acousticScore + boostScore + lmScore,
      acousticScore,
      boostScore,
      lmScore,
    });
  }
  return out.sort((a, b) => b.score - a.score);
}

interface BeamArrays {
  node: Int32Array;
  last: Int32Array;
  rec: Int32Array;
  end: Int32Array;
  pb: Float64Array;
  pnb: Float64Array;
  ctx: Int32Array;
  boost: Float64Array;
  lmState: Int32Array;
  lex: Int32Array;
  lmScore: Float64Array;
}

function beamArrays(size: number): BeamArrays {
  return {
    node: new Int32Array(size),
    last: new Int32Array(size),
    rec: new Int32Array(size),
    end: new Int32Array(size),
    pb: new Float64Array(size),
    pnb: new Float64Array(size),
    ctx: new Int32Array(size),
    boost: new Float64Array(size),
    lmState: new Int32Array(size),
    lex: new Int32Array(size),
    lmScore: new Float64Array(size),
  };
}
