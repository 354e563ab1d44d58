"""Domain sentences for the first three domains: medicine, Ruby programming, social-science research.

Sentences are generated from hand-written templates and term lists so that the model hears each term in
varied contexts. Terms are written in spoken, vocabulary-only form ("active record", not "ActiveRecord");
casing and symbols are the job of the domain plugins' post-processors, not of the acoustic model.
"""

from __future__ import annotations

import random
from pathlib import Path

MEDICAL_TERMS = """
metoprolol lisinopril amlodipine atorvastatin metformin insulin warfarin heparin apixaban rivaroxaban
amoxicillin azithromycin ceftriaxone vancomycin doxycycline prednisone hydrocortisone ibuprofen paracetamol
acetaminophen morphine oxycodone fentanyl naloxone omeprazole pantoprazole furosemide spironolactone
levothyroxine salbutamol albuterol sertraline fluoxetine citalopram gabapentin pregabalin diazepam lorazepam
hypertension hypotension tachycardia bradycardia arrhythmia atrial fibrillation myocardial infarction
angina pectoris heart failure pneumonia bronchitis asthma emphysema sepsis diabetes mellitus hypoglycaemia
hyperglycaemia anaemia thrombosis embolism stroke aneurysm appendicitis cholecystitis pancreatitis hepatitis
cirrhosis nephritis dialysis creatinine haemoglobin platelets leukocytes electrolytes potassium sodium
abdomen thorax pelvis femur tibia fibula humerus radius ulna clavicle scapula sternum vertebra cranium
cardiology neurology oncology radiology dermatology paediatrics obstetrics anaesthesia orthopaedics
echocardiogram electrocardiogram angiography endoscopy colonoscopy biopsy laparoscopy appendectomy
cholecystectomy tracheostomy intubation catheter stent pacemaker defibrillator ultrasound tomography
magnetic resonance imaging intravenous subcutaneous intramuscular milligrams micrograms millilitres
""".split("\n")

RUBY_TERMS = """
ruby rails active record action controller action view active support active job action cable
bundler gemfile rake rubocop rspec minitest capybara sidekiq puma unicorn nokogiri devise pundit
rack sinatra hanami sorbet steep rbs irb pry byebug yard rdoc rubygems gem install bundle exec
migration schema scaffold generator routes controller model view helper partial layout template
erb haml slim turbo stimulus hotwire webpacker importmap propshaft sprockets asset pipeline
block proc lambda yield symbol hash array enumerable each map select reject reduce inject
module class method mixin include extend prepend singleton metaprogramming define method
method missing respond to monkey patch refinement frozen string literal garbage collector
jit yjit mjit ractor fiber thread mutex concurrency matz ruby conf rails conf ruby central
postgres redis sqlite mysql active storage action mailer action text credentials master key
n plus one query eager loading includes preload counter cache callbacks validations associations
has many belongs to has one polymorphic through scope where order limit pluck find by
""".split("\n")

SOCIAL_TERMS = """
poverty inequality gini coefficient income distribution wealth gap relative deprivation
absolute poverty poverty line means test welfare state universal basic income social mobility
intergenerational mobility labour market precarious employment minimum wage living wage
household survey longitudinal study panel data cohort cross sectional ethnography fieldwork
semi structured interview focus group thematic analysis grounded theory coding scheme codebook
intercoder reliability saturation purposive sampling snowball sampling stratified sampling
random sampling sampling frame response rate nonresponse bias attrition weighting imputation
regression discontinuity difference in differences instrumental variable fixed effects
random effects multilevel model logistic regression odds ratio confidence interval p value
statistical significance effect size standard error heteroscedasticity endogeneity
informed consent ethics committee institutional review board anonymisation pseudonymisation
participant observation positionality reflexivity triangulation mixed methods case study
social capital cultural capital habitus intersectionality stratification marginalisation
food insecurity housing insecurity homelessness eviction social housing benefits claimants
austerity redistribution progressive taxation tax credits child benefit pension credit
""".split("\n")


def _terms(block: list[str]) -> list[str]:
    """Single-word terms; multi-word terms are listed in _PHRASES."""
    return [w for line in block for w in line.split() if len(w) > 3 and w not in _NOT_TERMS]


# words of the multi-word lines above that are not terms on their own
_NOT_TERMS = set("""
heart failure pectoris angina line test state basic income labour market study data cross sectional
structured interview focus group theory coding scheme sampling frame rate bias effects model ratio value
size error committee review board case capital food housing child benefit pension credit gap relative
absolute social universal random install exec view model helper partial layout template block each
select reject reduce inject module class method missing respond monkey patch string literal garbage
collector thread query loading includes cache callbacks associations many belongs through scope where
order limit pluck find master central conf action active record controller support storage mailer text
credentials magnetic resonance imaging atrial myocardial diabetes mellitus with than
""".split())


_PHRASES = {
    "medical": [
        "atrial fibrillation", "myocardial infarction", "angina pectoris", "heart failure", "diabetes mellitus",
        "magnetic resonance imaging", "blood pressure", "white cell count", "chest x ray", "side effects",
    ],
    "ruby": [
        "active record", "action controller", "active support", "ruby on rails", "frozen string literal",
        "method missing", "has many", "belongs to", "eager loading", "asset pipeline", "gem install",
        "bundle exec", "counter cache", "define method",
    ],
    "social": [
        "gini coefficient", "universal basic income", "social mobility", "poverty line", "household survey",
        "panel data", "thematic analysis", "grounded theory", "purposive sampling", "difference in differences",
        "instrumental variable", "fixed effects", "informed consent", "social capital", "food insecurity",
    ],
}

_TEMPLATES = {
    "medical": [
        "the patient was started on {t} this morning",
        "we should check the {t} before discharge",
        "she has a history of {t} and {u}",
        "the registrar asked about {t} on the ward round",
        "please document the {t} in the notes",
        "he was given {n} milligrams of {t}",
        "the consultant suspected {t} after the scan",
        "we discussed {t} with the family",
        "there was no evidence of {t} on examination",
        "the nurse reported {t} overnight",
        "{t} is contraindicated with {u}",
        "increase the dose of {t} to {n} milligrams twice a day",
        "the results suggest {t} rather than {u}",
        "refer to {t} for further assessment",
    ],
    "ruby": [
        "we moved the query into an {t} scope",
        "run {t} before you push the branch",
        "the {t} call was slow in production",
        "i think {t} is the wrong tool for this",
        "the talk compared {t} with {u}",
        "upgrade {t} to version {n} first",
        "the test suite uses {t} and {u}",
        "she explained how {t} works under the hood",
        "our rails app spends most of its time in {t}",
        "you can replace {t} with {u} here",
        "the gem wraps {t} in a small module",
        "he gave a lightning talk about {t}",
        "we profiled {t} and found an n plus one query",
        "add {t} to the gemfile and run bundle install",
    ],
    "social": [
        "the interviews explored {t} in rural households",
        "our analysis controls for {t}",
        "we measured {t} across {n} regions",
        "the literature on {t} is divided",
        "respondents talked about {t} and {u}",
        "the second wave of the survey added questions on {t}",
        "she coded the transcripts for {t}",
        "{t} rose sharply after the reforms",
        "the paper uses {t} to estimate the effect",
        "participants described {t} as a daily struggle",
        "we need a clearer definition of {t}",
        "the committee asked how we handle {t}",
        "the findings on {t} were presented at the conference",
        "compare {t} with {u} in the discussion",
    ],
}

DOMAINS = ("medical", "ruby", "social")


def domain_terms(domain: str) -> list[str]:
    block = {"medical": MEDICAL_TERMS, "ruby": RUBY_TERMS, "social": SOCIAL_TERMS}[domain]
    terms = _terms(block) + _PHRASES[domain]
    seen: set[str] = set()
    return [t for t in terms if not (t in seen or seen.add(t))]


def domain_sentences(domain: str, count: int, rng: random.Random) -> list[str]:
    """`count` distinct generated sentences for a domain (fewer if the templates run out)."""
    from .normalize import normalize_text

    terms = domain_terms(domain)
    templates = _TEMPLATES[domain]
    out: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(out) < count and attempts < count * 20:
        attempts += 1
        t, u = rng.sample(terms, 2)
        s = rng.choice(templates).format(t=t, u=u, n=rng.choice([2, 5, 10, 12, 20, 25, 40, 50, 100, 250]))
        s = normalize_text(s)
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


FRESH_DIR = Path(__file__).resolve().parent.parent / "domain_fresh"


def fresh_domain_sentences() -> list[tuple[str, str]]:
    """(domain, sentence) for the out-of-template domain test set: sentences written by hand for each domain in
    `domain_fresh/<domain>.txt`, never generated from the templates above (which also make the domain's adaptation
    text), so they measure what adapting the LM does for speech the templates did not foresee."""
    from .normalize import normalize_text

    out: list[tuple[str, str]] = []
    for d in DOMAINS:
        for line in (FRESH_DIR / f"{d}.txt").read_text().splitlines():
            if line.strip():
                out.append((d, normalize_text(line)))
    return out


def template_pattern(domain: str) -> "re.Pattern[str]":
    """A pattern that matches every sentence the domain's templates can generate, whatever fills each slot."""
    import re

    from .normalize import normalize_text

    alternatives = []
    for template in _TEMPLATES[domain]:
        pieces = []
        for i, literal in enumerate(re.split(r"\{[tun]\}", template)):
            if i > 0:
                pieces.append(".+")
            if normalize_text(literal):
                pieces.append(re.escape(normalize_text(literal)))
        alternatives.append(" ".join(pieces))
    return re.compile("^(?:" + "|".join(alternatives) + ")$")
