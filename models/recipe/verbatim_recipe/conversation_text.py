"""Conversational training text: how people talk in interviews and meetings, not how documents read.

Generated from templates and from the recipe's own training sentences (`work/text/*_train.txt`), in spoken form:
- disfluent versions of training sentences: fillers (uh, um, you know, like, i mean, sort of), repeated words and
  restarts;
- short turns and back-channels ("yeah", "mm hmm", "sorry can you say that again");
- numbers, dates, times, money, phone numbers and percentages said as words (through `normalize_text`);
- names (first names, surnames, titles) in the places conversations put them;
- the domains' training sentences with a conversational frame ("so basically ...").

Evaluation sentences stay out: a generated sentence is kept only when the recipe's sentence hash puts it in the
training split (`corpus._split_of`) and it is not itself a dev/test sentence; `eval_overlap` measures what is left
in common (word n-grams of the evaluation sentences found in the generated text), and the recipe prints it.
"""

from __future__ import annotations

import random
from pathlib import Path

from .normalize import check_vocab, normalize_text, ordinal_to_words

FILLERS = ["uh", "um", "you know", "like", "i mean", "sort of", "kind of", "well", "so", "actually", "basically", "right"]
OPENERS = ["so", "well", "yeah so", "okay so", "um", "uh", "and", "but", "i think", "i guess", "honestly", "you know"]
TURNS = """yeah
yes
no
okay
right
sure
mm hmm
uh huh
exactly
i see
oh really
oh okay
that's right
that's true
fair enough
go ahead
thank you
thanks a lot
sorry what was that
sorry can you say that again
could you repeat that please
i'm not sure
i don't know
i don't think so
let me think
hang on a second
just a moment
one second please
that makes sense
absolutely
definitely
not really
maybe
good point
wait what
oh no
oh wow
yeah yeah
no no no
okay great
sounds good
perfect
got it
that's it
and then what happened
what do you mean
how so
can you hear me
you're on mute
can you see my screen
let's get started
shall we move on
any questions
see you next week
talk soon
bye""".splitlines()

FIRST_NAMES = """james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan
joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony margaret mark sandra
donald ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian melissa george
deborah timothy stephanie ronald rebecca edward sharon jason laura jeffrey cynthia ryan kathleen jacob amy gary angela
nicholas shirley eric anna jonathan brenda stephen pamela larry emma justin nicole scott helen brandon samantha
benjamin katherine samuel christine gregory debra alexander rachel frank carolyn patrick janet raymond catherine jack
maria dennis heather jerry diane tyler ruth aaron julie jose olivia adam joyce nathan virginia henry victoria douglas
kelly zachary lauren peter christina kyle joan ethan evelyn walter judith noah megan jeremy andrea christian cheryl
keith hannah roger jacqueline terry martha gerald gloria harold teresa sean ann austin sara carl madison arthur
frances lawrence kathryn dylan janice jesse jean jordan abigail bryan alice billy julia joe judy bruce sophia gabriel
grace logan denise albert amber willie doris alan marilyn juan danielle wayne beverly elijah isabella randy theresa
roy diana vincent natalie ralph brittany eugene charlotte russell marie bobby kayla mason alexis philip lori
priya raj wei mei hiroshi yuki fatima omar ahmed aisha ivan olga pierre sophie hans greta carlos lucia kwame amara
siobhan niamh aidan connor""".split()
SURNAMES = """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson
anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker
young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter
roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood
james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez powell
jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons romero jordan
patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran
medina aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells
vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder
mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice
schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins
o'brien o'connor mcallister fitzgerald kowalski nakamura tanaka singh khan ali okafor mensah novak muller""".split()
TITLES = ["doctor", "professor", "mister", "miss", "missus", "nurse", "officer", "judge", "captain"]
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = "january february march april may june july august september october november december".split()

_NAME_TEMPLATES = [
    "hi this is {first} {last} speaking",
    "my name is {first} {last}",
    "{first} said she would send it over",
    "did you talk to {first} about it",
    "{title} {last} will see you now",
    "thanks {first}",
    "over to you {first}",
    "i was talking to {first} {last} yesterday and {first2} was there too",
    "can you spell {last} for me",
    "{first} and {first2} are joining us later",
    "so {first} what do you think",
    "i work with {title} {last} at the clinic",
    "{first} {last} from the survey team",
    "is {first} on the call",
    "we interviewed {first} in {month}",
]
_NUMBER_TEMPLATES = [
    "the meeting is at {time} on {day}",
    "let's say {time} then",
    "it was about {pct}% of them",
    "we spoke to {n} people in total",
    "my number is {phone}",
    "call me back on {phone}",
    "it happened on {month} the {ord}",
    "i was born in {year}",
    "back in {year} things were different",
    "that was {ord} of {month} {year}",
    "it cost about ${n}",
    "it's ${n}.{cents} all in",
    "we need {n} more by {day}",
    "room {small} on the {ord2} floor",
    "the bus comes at {time}",
    "i'd say maybe {small} or {small2} times a week",
    "about {n} kilometres from here",
    "the score was {small} to {small2}",
    "give me {small} minutes",
    "it's {small} degrees outside",
    "page {n} paragraph {small}",
    "around {time} in the morning",
    "we've been doing this for {small} years now",
]


def _number_fill(rng: random.Random, template: str) -> str:
    return template.format(
        time=f"{rng.randint(1, 12)}:{rng.choice(['00', '05', '10', '15', '20', '30', '40', '45', '50'])}",
        day=rng.choice(_DAYS), month=rng.choice(_MONTHS), n=rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 20000)]),
        pct=rng.randint(1, 99), cents=f"{rng.randint(1, 99):02d}", year=rng.randint(1940, 2026), small=rng.randint(1, 12),
        small2=rng.randint(1, 12), ord=ordinal_to_words(rng.randint(1, 31)), ord2=ordinal_to_words(rng.randint(1, 20)),
        phone=" ".join(str(rng.randint(0, 9)) for _ in range(rng.choice([7, 10, 11]))),
    )


def _name_fill(rng: random.Random, template: str) -> str:
    return template.format(first=rng.choice(FIRST_NAMES), first2=rng.choice(FIRST_NAMES), last=rng.choice(SURNAMES),
                           title=rng.choice(TITLES), month=rng.choice(_MONTHS))


def disfluent(sentence: str, rng: random.Random) -> str:
    """Insert 1-3 disfluencies (filler, repeated word, restart) into a spoken-form sentence."""
    words = sentence.split()
    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        i = rng.randint(0, max(0, len(words) - 1))
        if kind < 0.5:
            words[i:i] = rng.choice(FILLERS).split()
        elif kind < 0.8 and words:
            words[i:i] = [words[i]] if rng.random() < 0.7 else words[i:i + 2]
        elif len(words) > 4:
            j = rng.randint(1, min(4, len(words)))
            words[j:j] = words[:j]  # a restart: "we went to we went to the shop"
    if rng.random() < 0.3:
        words[0:0] = rng.choice(OPENERS).split()
    return " ".join(words)


def conversational_sentences(train_sentences: list[str], domain_sentences: list[str], count: int, seed: int,
                             exclude: set[str]) -> list[str]:
    """`count` distinct conversational sentences (spoken form) in the training split, none of them in `exclude`."""
    from .corpus import _split_of

    rng = random.Random(f"{seed}-conversation")
    base = [s for s in train_sentences if 4 <= len(s.split()) <= 16]
    out: set[str] = set()
    tries = 0
    while len(out) < count and tries < count * 20:
        tries += 1
        r = rng.random()
        if r < 0.35 and base:
            s = disfluent(rng.choice(base), rng)
        elif r < 0.5:
            s = rng.choice(TURNS)
            if rng.random() < 0.4:
                s = f"{s} {rng.choice(TURNS)}" if rng.random() < 0.5 else f"{s} {rng.choice(FIRST_NAMES)}"
        elif r < 0.72:
            s = _number_fill(rng, rng.choice(_NUMBER_TEMPLATES))
        elif r < 0.87:
            s = _name_fill(rng, rng.choice(_NAME_TEMPLATES))
        elif domain_sentences:
            s = f"{rng.choice(OPENERS)} {rng.choice(domain_sentences)}"
            if rng.random() < 0.5:
                s = disfluent(s, rng)
        else:
            continue
        if rng.random() < 0.15 and r >= 0.5:
            s = disfluent(normalize_text(s), rng)
        s = normalize_text(s)
        if not s or check_vocab(s) is not None or s in exclude or _split_of(s) != "train":
            continue
        out.add(s)
    return sorted(out)


def ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def eval_overlap(generated: list[str], eval_sentences: list[str], ns: tuple[int, ...] = (4, 6, 8)) -> dict:
    """How much of the evaluation text the generated text contains: whole sentences, and the share of the evaluation
    sentences' word n-grams found anywhere in it (for each n)."""
    gen_set = set(generated)
    out: dict = {"eval_sentences": len(eval_sentences), "whole_sentences_in_generated": sum(s in gen_set for s in eval_sentences)}
    for n in ns:
        have: set[tuple[str, ...]] = set()
        for s in generated:
            have |= ngrams(s.split(), n)
        ev = [g for s in eval_sentences for g in ngrams(s.split(), n)]
        out[f"{n}gram_share"] = round(sum(g in have for g in ev) / max(1, len(ev)), 4)
        out[f"{n}gram_eval"] = len(ev)
    return out


def eval_sentences(text_dir: Path) -> list[str]:
    """Every dev/test sentence of the acoustic sets (general dev/test, domain tests, the hand-written fresh ones)."""
    from .domain import fresh_domain_sentences

    out: list[str] = []
    for p in sorted(text_dir.glob("*.txt")):
        if p.stem.endswith(("_dev", "_test")):
            out += [l for l in p.read_text().splitlines() if l.strip()]
    out += [s for _, s in fresh_domain_sentences()]
    return out


def build_conversation_text(text_dir: Path, seed: int, count: int = 30000) -> dict:
    """Write `text_dir/conversation_train.txt` from the training text there; returns counts and the overlap."""
    from .log import log

    def lines(name: str) -> list[str]:
        p = text_dir / f"{name}.txt"
        return [l for l in p.read_text().splitlines() if l.strip()] if p.exists() else []

    train = lines("general_train")
    domain = lines("medical_train") + lines("ruby_train") + lines("social_train")
    evals = eval_sentences(text_dir)
    sents = conversational_sentences(train, domain, count, seed, set(evals))
    random.Random(f"{seed}-conversation-order").shuffle(sents)
    (text_dir / "conversation_train.txt").write_text("\n".join(sents) + "\n")
    overlap = eval_overlap(sents, evals)
    log(f"text: {len(sents)} conversational sentences -> {text_dir / 'conversation_train.txt'}; overlap with the "
        f"{overlap['eval_sentences']} evaluation sentences: {overlap['whole_sentences_in_generated']} whole, "
        + ", ".join(f"{n}-grams {overlap[f'{n}gram_share'] * 100:.2f}%" for n in (4, 6, 8)))
    return {"sentences": len(sents), "words": sum(len(s.split()) for s in sents), "eval_overlap": overlap}
