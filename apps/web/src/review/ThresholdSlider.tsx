import { useEffect, useState } from 'react';
import type { ProjectThresholds } from './ProjectThresholds.ts';

/**
 * The project's review threshold as a slider (`threshold-slider`): words below it are flagged. Changes show at
 * once; owners and editors also save it for the project (`canPersist`), others only change their own view.
 */
export function ThresholdSlider({ thresholds, projectId, canPersist }: { thresholds: ProjectThresholds; projectId: string; canPersist: boolean }) {
  const [value, setValue] = useState(() => thresholds.get(projectId));
  useEffect(() => {
    setValue(thresholds.get(projectId));
    const sub = thresholds.onDidChange((id) => id === projectId && setValue(thresholds.get(projectId)));
    return () => sub.dispose();
  }, [thresholds, projectId]);
  return (
    <label
      className="vb-threshold"
      title={canPersist ? "Words with a confidence below this are flagged for review (saved for the project)" : "Words with a confidence below this are flagged (your view only: owners and editors set the project's threshold)"}
    >
      <span>Flag below</span>
      <input
        type="range"
        data-testid="threshold-slider"
        min={0}
        max={1}
        step={0.01}
        value={value}
        onChange={(e) => thresholds.set(projectId, Number(e.target.value), canPersist)}
      />
      <output>{Math.round(value * 100)}%</output>
    </label>
  );
}
