import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';
import { fileNameOf } from './downloadFile.ts';

describe('toCsv', () => {
  it('writes rows with CRLF, numbers in full and empty cells for missing values', () => {
    expect(toCsv([['slice', 'wer', 'low'], ['accent=scottish', 0.125, null], ['all', 1 / 3, undefined]])).toBe(
      'slice,wer,low\r\naccent=scottish,0.125,\r\nall,0.3333333333333333,\r\n',
    );
  });

  it('quotes fields with commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(toCsv([['a,b', 'say "hi"', 'two\nlines', '=SUM(A1)', '-0.5', NaN]])).toBe('"a,b","say ""hi""","two\nlines",\'=SUM(A1),-0.5,\r\n');
  });

  it('gives an empty document for no rows', () => {
    expect(toCsv([])).toBe('');
  });
});

describe('fileNameOf', () => {
  it('keeps names safe for every file system', () => {
    expect(fileNameOf(['quality', 'verbatim-en@1.2.0', 'wer trend'], 'csv')).toBe('quality-verbatim-en-1.2.0-wer-trend.csv');
    expect(fileNameOf(['', '//'], 'png')).toBe('export.png');
  });
});
