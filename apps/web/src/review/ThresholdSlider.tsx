import { useEffect, useState } from 'react';
import type { ProjectThresholds } from './ProjectThresholds.ts';

/**
 * The project's review threshold as a slider (`threshold-slider`): words below it are flagged. Owners and editors
 * (`canPersist`) move it, which shows at once and is saved for the project; for everyone else it is disabled: it
 * shows the project's threshold, which only they set. Over an uncalibrated model's words (`calibrated` false) it is a
 * score, written 0.95, not a percentage.
 */
export function ThresholdSlider({
  thresholds,
  projectId,
  canPersist,
  calibrated,
}: {
  thresholds: ProjectThresholds;
  projectId: string;
  canPersist: boolean;
  calibrated?: boolean | undefined;
}) {
  const [value, setValue] = useState(() => thresholds.get(projectId));
  const measure = calibrated === false ? 'score' : 'confidence';
  useEffect(() => {
    setValue(thresholds.get(projectId));
    const sub = thresholds.onDidChange((id) => id === projectId && setValue(thresholds.get(projectId)));
    return () => sub.dispose();
  }, [thresholds, projectId]);
  return (
    <label
      className="vb-threshold"
      title={`Words with a ${measure} below this are flagged for review (${canPersist ? 'saved for the project' : "owners and editors set the project's threshold"})`}
    >
      <span>Flag below</span>
      <input
        type="range"
        data-testid="threshold-slider"
        min={0}
        max={1}
        step={0.01}
        value={value}
        disabled={!canPersist}
        onChange={(e) => canPersist && thresholds.set(projectId, Number(e.target.value), true)}
      />
      <output>{calibrated === false ? value.toFixed(2) : `${Math.round(value * 100)}%`}</output>
    </label>
  );
}
