import { acronymRules, type PhraseRule } from '@verbatim/plugin-sdk';

// Acronyms that are also ordinary words (or names) when said as one word are only taken letter by letter.
const ACRONYMS: PhraseRule[] = [
  ...['ECG', 'EKG', 'EEG', 'MRI', 'ICU', 'COPD', 'GP', 'NHS', 'BMI', 'DVT', 'UTI', 'CKD', 'AKI', 'HIV', 'MRSA', 'CPR', 'DNR', 'PPE', 'CRP', 'INR', 'TSH', 'eGFR', 'LDL', 'HDL', 'SSRI', 'NSAID', 'PRN', 'GCS', 'ABG', 'ARDS', 'IV'].flatMap((a) =>
    acronymRules(a, { plural: ['ECG', 'EEG', 'MRI', 'GP', 'UTI', 'SSRI', 'NSAID'].includes(a) }),
  ),
  ...['CT', 'BP'].flatMap((a) => acronymRules(a)),
  ...['PET', 'TIA', 'PE', 'ENT'].flatMap((a) => acronymRules(a, { word: false })),
  { say: 'pet scan', write: 'PET scan' },
  { say: 'pet scans', write: 'PET scans' },
  { say: 'a and e', write: 'A&E', notAfter: ['vitamin', 'vitamins'] },
  { say: 'hba one c', write: 'HbA1c' },
  { say: 'h b a one c', write: 'HbA1c' },
  { say: 'covid nineteen', write: 'COVID-19' },
  { say: 'covid', write: 'COVID' },
  { say: 'x ray', write: 'X-ray' },
  { say: 'x rays', write: 'X-rays' },
  { say: 'c section', write: 'C-section' },
  { say: 'd dimer', write: 'D-dimer' },
  { say: 'c reactive protein', write: 'C-reactive protein' },
  { say: 'e coli', write: 'E. coli' },
  { say: 'c diff', write: 'C. diff' },
  { say: 'h pylori', write: 'H. pylori' },
  { say: 'dexa scan', write: 'DEXA scan' },
  { say: 'type one diabetes', write: 'type 1 diabetes' },
  { say: 'type two diabetes', write: 'type 2 diabetes' },
  { say: 'vitamin b twelve', write: 'vitamin B12' },
  { say: 'vitamin d', write: 'vitamin D' },
  { say: 'vitamin k', write: 'vitamin K' },
  { say: 'co amoxiclav', write: 'co-amoxiclav' },
  { say: 'pre eclampsia', write: 'pre-eclampsia' },
  { say: 'non invasive ventilation', write: 'non-invasive ventilation' },
  { say: 'post traumatic stress disorder', write: 'post-traumatic stress disorder' },
  { say: 'obsessive compulsive disorder', write: 'obsessive-compulsive disorder' },
  { say: 'gastro oesophageal', write: 'gastro-oesophageal' },
];

// Eponyms and brand names are always capitalised; "graves" and "bell's" only in their diagnoses.
const NAMES: PhraseRule[] = [
  ...["parkinson's", 'parkinson', "alzheimer's", "huntington's", "crohn's", "hashimoto's", "cushing's", "addison's", "hartmann's", 'hodgkin', "hodgkin's", 'achilles', 'apgar'].map(capitalised),
  { say: 'graves disease', write: "Graves' disease" },
  { say: "bell's palsy", write: "Bell's palsy" },
  { say: 'guillain barre', write: 'Guillain-Barré' },
  { say: 'glasgow coma scale', write: 'Glasgow Coma Scale' },
  ...['tylenol', 'advil', 'lipitor', 'ventolin', 'lasix', 'coumadin', 'eliquis', 'xarelto', 'ozempic', 'humira', 'keytruda', 'augmentin', 'zoloft', 'prozac', 'xanax', 'valium', 'synthroid', 'plavix', 'nexium'].map(capitalised),
  { say: 'epipen', write: 'EpiPen' },
  { say: 'epi pen', write: 'EpiPen' },
];

/** The rules of `medical.casing`: acronyms, eponyms, brand names and the written forms of medical terms. */
export const MEDICAL_CASING_RULES: readonly PhraseRule[] = [...ACRONYMS, ...NAMES];

function capitalised(word: string): PhraseRule {
  return { say: word, write: word[0]!.toUpperCase() + word.slice(1) };
}
