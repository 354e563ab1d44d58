import { acronymRules, type PhraseRule } from '@verbatim/plugin-sdk';

const w = (say: string, write: string): PhraseRule => ({ say, write });

// Compounds hyphenated as journals print them. Those that are only hyphenated before a noun ("in-depth interviews"
// but "explored in depth") carry the nouns they must come before.
const HYPHENATED: PhraseRule[] = [
  w('p value', 'p-value'), w('p values', 'p-values'),
  w('t test', 't-test'), w('t tests', 't-tests'),
  w('f test', 'F-test'), w('f tests', 'F-tests'),
  w('z score', 'z-score'), w('z scores', 'z-scores'),
  w('chi square', 'chi-square'), w('chi squared', 'chi-squared'),
  w('r squared', 'R-squared'),
  w('type one error', 'type I error'), w('type two error', 'type II error'),
  w('type one errors', 'type I errors'), w('type two errors', 'type II errors'),
  w('semi structured', 'semi-structured'),
  w('cross sectional', 'cross-sectional'),
  w('difference in differences', 'difference-in-differences'),
  w('quasi experimental', 'quasi-experimental'),
  w('meta analysis', 'meta-analysis'), w('meta analyses', 'meta-analyses'), w('meta analytic', 'meta-analytic'),
  w('pre registration', 'pre-registration'), w('pre registered', 'pre-registered'),
  w('pre test', 'pre-test'), w('post test', 'post-test'),
  w('inter rater', 'inter-rater'),
  w('test retest', 'test-retest'),
  w('non participant', 'non-participant'),
  w('non probability', 'non-probability'),
  w('post structuralism', 'post-structuralism'), w('post structuralist', 'post-structuralist'),
  w('looking glass self', 'looking-glass self'),
  w('means tested', 'means-tested'),
  w('socio economic', 'socio-economic'),
  w('self efficacy', 'self-efficacy'),
  w('self report', 'self-report'), w('self reported', 'self-reported'),
  { say: 'well being', write: 'well-being', notAfter: ['as'] },
  { say: 'in depth', write: 'in-depth', before: ['interview', 'interviews', 'study', 'studies', 'analysis', 'case'] },
  { say: 'face to face', write: 'face-to-face', before: ['interview', 'interviews', 'survey', 'surveys', 'fieldwork'] },
  { say: 'two stage', write: 'two-stage', before: ['least', 'sampling', 'model'] },
  { say: 'zero hours', write: 'zero-hours', before: ['contract', 'contracts', 'work', 'workers'] },
  { say: 'in work', write: 'in-work', before: ['poverty', 'benefits', 'conditionality'] },
];

// Names of people, tests and places; possessives too.
const NAMES: PhraseRule[] = [
  ...['gini', 'lorenz', 'palma', 'likert', 'hawthorne', 'matthew', 'pearson', 'poisson', 'hausman', 'heckman', 'wilcoxon', 'bonferroni', 'bayesian',
    'bourdieu', 'durkheim', 'weber', 'marx', 'foucault', 'goffman', 'giddens', 'habermas', 'putnam', 'granovetter', 'crenshaw', 'hochschild',
    'townsend', 'glaser', 'strauss', 'cronbach', 'cohen', 'krippendorff', 'spearman'].flatMap(named),
  w('marxist', 'Marxist'), w('weberian', 'Weberian'), w('durkheimian', 'Durkheimian'), w('foucauldian', 'Foucauldian'),
  w("sen's capability", "Sen's capability"),
  w('cox regression', 'Cox regression'), w('cox model', 'Cox model'), w('cox proportional', 'Cox proportional'),
  w('kaplan meier', 'Kaplan-Meier'), w('mann whitney', 'Mann-Whitney'), w('kruskal wallis', 'Kruskal-Wallis'),
  w('esping andersen', 'Esping-Andersen'),
  w('universal credit', 'Universal Credit'),
  w('human development index', 'Human Development Index'),
  w('stata', 'Stata'),
  w('nvivo', 'NVivo'), w('n vivo', 'NVivo'),
  w('atlas ti', 'ATLAS.ti'),
  w('rstudio', 'RStudio'), w('r studio', 'RStudio'),
];

const ACRONYMS: PhraseRule[] = [
  ...['RCT', 'NGO'].flatMap((a) => acronymRules(a, { plural: true })),
  ...['OLS', 'IRB', 'GDPR', 'GDP', 'OECD', 'ONS', 'ESRC', 'NEET', 'UBI', 'LGBT', 'SPSS', 'ANOVA', 'ANCOVA', 'MAXQDA'].flatMap((a) => acronymRules(a)),
];

/** The rules of `social.terms`: hyphenation, names, software and acronyms of social-science research. */
export const SOCIAL_TERM_RULES: readonly PhraseRule[] = [...HYPHENATED, ...NAMES, ...ACRONYMS];

function named(name: string): PhraseRule[] {
  const written = name[0]!.toUpperCase() + name.slice(1);
  return [w(name, written), w(`${name}'s`, `${written}'s`)];
}
