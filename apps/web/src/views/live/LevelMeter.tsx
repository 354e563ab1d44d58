/** Props of {@link LevelMeter}. */
export interface LevelMeterProps {
  peakDb: number;
  rmsDb: number;
  /** Whether audio is being captured (else the meter reads empty). */
  active: boolean;
}

const FLOOR_DB = -60;

/**
 * The input level: RMS as the bar, the peak as a tick, from -60 to 0 dBFS; red near clipping. `data-level` has the
 * peak in whole dB for tests.
 */
export function LevelMeter({ peakDb, rmsDb, active }: LevelMeterProps) {
  const toFraction = (db: number) => (active && Number.isFinite(db) ? Math.max(0, Math.min(1, (db - FLOOR_DB) / -FLOOR_DB)) : 0);
  const peak = active && Number.isFinite(peakDb) ? Math.round(peakDb) : null;
  const text = peak === null ? 'no input' : `peak ${peak} dBFS`;
  return (
    <div
      className={`live-level${peak !== null && peak > -1 ? ' clipping' : ''}`}
      data-testid="live-level"
      data-level={peak ?? ''}
      role="meter"
      aria-label="Input level"
      aria-valuemin={FLOOR_DB}
      aria-valuemax={0}
      aria-valuenow={peak ?? FLOOR_DB}
      aria-valuetext={text}
      title={text}
    >
      <div className="live-level-bar" style={{ width: `${toFraction(rmsDb) * 100}%` }} />
      <div className="live-level-peak" style={{ left: `${toFraction(peakDb) * 100}%` }} />
    </div>
  );
}
