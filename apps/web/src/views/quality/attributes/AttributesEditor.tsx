import { type AttributeRow, ATTRIBUTE_HINT } from './attributeRows.ts';

/**
 * Key/value rows for slice attributes (accent, recording setting, native language, …): free-form, chosen by people and
 * never inferred. Empty rows are ignored; `problems` (the server's limits, checked as typed) are listed under them.
 */
export function AttributesEditor({ rows, onChange, problems, readOnly }: { rows: readonly AttributeRow[]; onChange: (rows: AttributeRow[]) => void; problems: readonly string[]; readOnly: boolean }) {
  const set = (i: number, change: Partial<AttributeRow>) => onChange(rows.map((row, j) => (j === i ? { ...row, ...change } : row)));
  return (
    <div className="quality-attributes" data-testid="attributes-editor">
      <p className="hint">Describe what the measures should be split by, e.g. accent, native language, recording setting. {ATTRIBUTE_HINT}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Value</th>
            <td />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td>
                <input data-testid="attribute-key" aria-label={`Attribute ${i + 1}`} value={row.key} readOnly={readOnly} placeholder="accent" onChange={(e) => set(i, { key: e.target.value })} />
              </td>
              <td>
                <input data-testid="attribute-value" aria-label={`Value of attribute ${i + 1}`} value={row.value} readOnly={readOnly} placeholder="scottish" onChange={(e) => set(i, { value: e.target.value })} />
              </td>
              <td>
                {readOnly ? null : (
                  <button type="button" className="link-button" aria-label={`Remove attribute ${row.key || i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                    ×
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {readOnly ? null : (
        <button type="button" className="link-button" data-testid="attribute-add" onClick={() => onChange([...rows, { key: '', value: '' }])}>
          Add attribute
        </button>
      )}
      {problems.length > 0 ? (
        <ul className="form-error" role="alert" data-testid="attribute-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
