import type { CorrectionCountJson, ModelQualityJson, QualityResponse } from '@verbatim/core/api';
import { useEffect, useState } from 'react';
import { type AddToVocabularyRequest, AddToVocabularyDialog } from '../../review/AddToVocabularyDialog.tsx';
import { editorKey } from '../../shell/LayoutModel.ts';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { useChartTheme } from './charts/chartTheme.ts';
import { FlagChart } from './charts/FlagChart.tsx';
import { ReliabilityChart } from './charts/ReliabilityChart.tsx';
import { SliceChart } from './charts/SliceChart.tsx';
import { TrendChart } from './charts/TrendChart.tsx';
import { toCsv } from './csv.ts';
import { downloadFile, fileNameOf } from './downloadFile.ts';
import { summaryFigures } from './formatFigures.ts';
import { modelRef } from './modelRef.ts';
import { QualitySettingsForm } from './QualitySettingsForm.tsx';
import { Recalibration } from './Recalibration.tsx';
import { useQuality } from './useQuality.ts';
import '../../transcript/transcript.css';
import './quality.css';

/**
 * The quality dashboard of a project (or, `projectId` null, of the whole deployment, for administrators), per model
 * version: alerts, the summary figures (WER, CER, S/D/I, ECE, AUROC, flag precision/recall), the reliability diagram,
 * the WER trend of every version, flag precision/recall, WER per fairness slice with intervals and the largest
 * disparity, and the most-corrected words with one click to add one to the vocabulary. Measures with too few verified
 * words say so instead of showing a number. Each chart downloads as PNG and its data as CSV.
 */
export default function QualityDashboard({ projectId }: { projectId: string | null }) {
  const { projects, layout, services } = useShell();
  const { user } = services;
  useRerenderOn(projects.onDidChange);
  const { quality, error, refresh } = useQuality(projectId);
  // read again each time its tab comes to the front: marks and corrections made meanwhile count at once
  useEffect(() => {
    const key = editorKey({ kind: 'quality', projectId });
    let active = layout.activeKey === key;
    const subscription = layout.onDidChange(() => {
      const now = layout.activeKey === key;
      if (now && !active) refresh();
      active = now;
    });
    return () => subscription.dispose();
  }, [layout, projectId, refresh]);
  const [selected, setSelected] = useState<string>();
  const theme = useChartTheme();
  const [vocabulary, setVocabulary] = useState<AddToVocabularyRequest>();
  const project = projectId === null ? undefined : projects.project(projectId);
  const scopeName = projectId === null ? 'All projects' : (project?.name ?? '…');
  const models = quality?.models ?? [];
  const model = models.find((m) => modelRef(m) === selected) ?? newest(models);
  useEffect(() => {
    if (model && selected !== modelRef(model)) setSelected(modelRef(model));
  }, [model, selected]);
  const canAddVocabulary = projectId !== null && roleAtLeast(project?.role, 'editor');
  const stem = ['quality', scopeName];

  return (
    <div className="quality-dashboard" data-testid="quality-dashboard" data-scope={quality?.scope ?? (projectId === null ? 'deployment' : 'project')}>
      <header className="quality-dashboard-head">
        <h2>Quality · {scopeName}</h2>
        {models.length > 0 ? (
          <label className="quality-model-picker">
            Model version{' '}
            <select data-testid="quality-model-select" value={model ? modelRef(model) : ''} onChange={(e) => setSelected(e.target.value)}>
              {models.map((m) => (
                <option key={modelRef(m)} value={modelRef(m)}>
                  {m.modelId} {m.modelVersion}
                  {m.alert.state === 'alert' ? ' ⚠' : ''}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" className="link-button" data-testid="quality-refresh" onClick={refresh}>
          Refresh
        </button>
        {quality ? (
          <button type="button" className="link-button" data-testid="quality-csv" onClick={() => downloadFile(fileNameOf([...stem, 'summary'], 'csv'), new Blob([toCsv(summaryCsv(quality))], { type: 'text/csv;charset=utf-8' }))}>
            Summary CSV
          </button>
        ) : null}
      </header>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {!quality && !error ? <p className="empty">Loading…</p> : null}
      {quality ? <Alerts quality={quality} /> : null}
      <QualitySettingsForm projectId={projectId} canChange={projectId === null ? user.isAdmin : roleAtLeast(project?.role, 'owner')} />
      {quality && models.length === 0 ? <p className="empty">No transcripts yet: the measures start with the first verified words.</p> : null}
      {quality && model ? (
        <>
          <p className="hint">
            Measured on the words reviewers marked verified (Review: Mark Turn Verified, Mark Selection Verified, Mark Transcript Verified): the
            machine's original words against the verified text. A measure needs {quality.minWords} verified words.
          </p>
          <Figures model={model} />
          <div className="quality-grid">
            <ReliabilityChart bins={model.field.reliability} theme={theme} fileStem={[...stem, modelRef(model)]} notEnough={model.field.enough ? undefined : notEnoughText(model)} />
            <TrendChart models={models} theme={theme} fileStem={stem} minWords={quality.minWords} />
            <FlagChart models={models} theme={theme} fileStem={stem} threshold={quality.threshold} />
            {model.slices.length === 0 ? (
              <section className="quality-card" data-testid="quality-chart" data-chart="slices" aria-label="Fairness slices">
                <header className="quality-card-head">
                  <h3>WER by slice</h3>
                </header>
                <p className="quality-not-enough">
                  No slices yet: describe recordings (Explorer: a recording's menu, Attributes…) and speakers (the transcript's speaker list) with
                  attributes such as accent or recording setting, and each measure is given per value.
                </p>
              </section>
            ) : (
              model.slices.map((group) => (
                <SliceChart key={`${group.source}:${group.key}`} group={group} theme={theme} fileStem={[...stem, modelRef(model)]} warningRatio={quality.disparityWarningRatio} />
              ))
            )}
          </div>
          <Corrections
            corrections={model.corrections}
            canAdd={canAddVocabulary}
            onAdd={(c) => projectId !== null && setVocabulary({ projectId, term: c.meant, correction: { before: c.said, after: c.meant } })}
          />
        </>
      ) : null}
      {vocabulary ? <AddToVocabularyDialog request={vocabulary} onClose={() => setVocabulary(undefined)} /> : null}
    </div>
  );
}

function newest(models: readonly ModelQualityJson[]): ModelQualityJson | undefined {
  // the version with the most verified words is the one most people are looking at
  return [...models].sort((a, b) => b.field.verifiedWords - a.field.verifiedWords)[0];
}

function notEnoughText(model: ModelQualityJson): string {
  return model.field.reason ?? `Not enough data: ${model.field.verifiedWords} verified words.`;
}

function Alerts({ quality }: { quality: QualityResponse }) {
  const alerts = quality.models.filter((m) => m.alert.state === 'alert');
  if (alerts.length === 0 && quality.problems.length === 0) return null;
  return (
    <div className="quality-alerts">
      {alerts.map((m) => (
        <p key={modelRef(m)} className="quality-alert" role="alert" data-testid="quality-alert" data-model={modelRef(m)}>
          ⚠ {m.modelId} {m.modelVersion}: {m.alert.reason}
        </p>
      ))}
      {quality.problems.length > 0 ? (
        <details className="quality-problems" data-testid="quality-problems">
          <summary>
            {quality.problems.length} transcript{quality.problems.length === 1 ? '' : 's'} could not be measured
          </summary>
          <ul>
            {quality.problems.map((p) => (
              <li key={p.transcriptId}>{p.message}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function Figures({ model }: { model: ModelQualityJson }) {
  const figures = summaryFigures(model.field);
  return (
    <section className="quality-figures" aria-label={`Figures of ${model.modelId} ${model.modelVersion}`} data-testid="quality-figures" data-model={modelRef(model)}>
      {!model.field.enough ? (
        <p className="quality-not-enough" data-testid="not-enough-data">
          {notEnoughText(model)}
        </p>
      ) : null}
      <dl>
        {figures.map((f) => (
          <div key={f.id} className="quality-figure" data-testid="quality-figure" data-figure={f.id} data-value={f.value ?? ''}>
            <dt>{f.label}</dt>
            <dd>
              <span className="quality-figure-value">{f.text}</span>
              {f.note ? <span className="quality-figure-note">{f.note}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <Recalibration model={model} />
    </section>
  );
}

function Corrections({ corrections, canAdd, onAdd }: { corrections: readonly CorrectionCountJson[]; canAdd: boolean; onAdd: (c: CorrectionCountJson) => void }) {
  return (
    <section className="quality-card quality-corrections" aria-label="Most-corrected words" data-testid="quality-corrections">
      <header className="quality-card-head">
        <h3>Most-corrected words</h3>
      </header>
      {corrections.length === 0 ? (
        <p className="quality-not-enough">No corrections in verified text yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Model wrote</th>
              <th scope="col">Verified text</th>
              <th scope="col">Times</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {corrections.map((c) => (
              <tr key={`${c.said}\u0000${c.meant}`} data-testid="quality-correction" data-said={c.said} data-meant={c.meant}>
                <td>{c.said || <span className="quality-dim">(nothing)</span>}</td>
                <td>{c.meant || <span className="quality-dim">(nothing)</span>}</td>
                <td>{c.count}</td>
                <td>
                  {canAdd && c.meant.trim() !== '' ? (
                    <button type="button" className="link-button" data-testid="quality-add-vocabulary" onClick={() => onAdd(c)}>
                      Add to vocabulary
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function summaryCsv(quality: QualityResponse) {
  return [
    ['model', 'version', 'transcripts', 'verified_transcripts', 'verified_words', 'wer', 'wer_low', 'wer_high', 'substitutions', 'deletions', 'insertions', 'cer', 'ece', 'auroc', 'flag_precision', 'flag_recall', 'alert'],
    ...quality.models.map((m) => [
      m.modelId,
      m.modelVersion,
      m.transcripts,
      m.verifiedTranscripts,
      m.field.verifiedWords,
      m.field.wer?.rate,
      m.field.wer?.interval?.lower,
      m.field.wer?.interval?.upper,
      m.field.wer?.substitutions,
      m.field.wer?.deletions,
      m.field.wer?.insertions,
      m.field.cer?.rate,
      m.field.ece,
      m.field.auroc,
      m.field.flags?.precision,
      m.field.flags?.recall,
      m.alert.state,
    ]),
  ];
}
