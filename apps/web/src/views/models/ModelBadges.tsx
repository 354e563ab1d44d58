import type { InstalledModelJson } from '@verbatim/core/api';

/** The badges of an installed model: "uncalibrated" when its confidence is only a score, its LM, its aliases. */
export function ModelBadges({ model }: { model: InstalledModelJson }) {
  return (
    <span className="model-badges">
      {!model.calibrated && (
        <span className="badge model-uncalibrated" data-testid="model-uncalibrated" title="Its word confidence is a raw score, not a calibrated probability">
          uncalibrated
        </span>
      )}
      <span className="badge" title={model.hasLm ? 'Brings its own word language model' : 'No word language model of its own'}>
        LM {model.hasLm ? 'yes' : 'no'}
      </span>
      {model.aliases.map((alias) => (
        <span key={alias} className="badge model-alias-chip" data-testid="model-alias-chip" data-alias={alias}>
          {aliasName(alias)}
        </span>
      ))}
    </span>
  );
}

/** "default", "candidate", or a project's override as "project default". */
export function aliasName(alias: string): string {
  const m = /^project:[^:]+:(.+)$/.exec(alias);
  return m ? `project ${m[1]}` : alias;
}
