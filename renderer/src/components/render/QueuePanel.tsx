import { useEffect, useState } from 'react';
import type { RenderJob } from '../../../../src/contract/index.ts';
import { useStudio } from '../../store/store.ts';
import { clock } from '../common/format.ts';
import { Unavailable } from '../common/Unavailable.tsx';

/** Re-renders every half second while `on` (the ETA counts down between job events). */
function useTick(on: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/** What the job is doing, in words: only a queued job waits for a worker. */
function footOf(job: RenderJob): string {
  if (job.state === 'queued') return 'waiting for a worker';
  const on = job.provider ? ` on ${job.provider}` : '';
  if (job.state === 'running') {
    const stage = job.stages.find((s) => s.state === 'running')?.stage;
    return `${stage ? `${stage}` : 'starting'}${on}`;
  }
  return `${job.state}${on}`;
}

function JobRow({ job }: { job: RenderJob }) {
  const openJob = useStudio((s) => s.openJob);
  const eta = useStudio((s) => s.eta);
  const now = useTick(job.state === 'queued' || job.state === 'running');
  const left = eta.remainingMs(job, now);
  const cancel = useStudio((s) => s.cancelJob);
  const retry = useStudio((s) => s.retryJob);
  const shotName = useStudio((s) => s.shots.find((x) => x.shotId === job.shotId)?.name ?? job.shotId);
  const done = job.stages.filter((s) => s.state === 'done').length;
  const running = job.stages.find((s) => s.state === 'running');
  const overall = job.stages.length ? (done + (running?.progress ?? 0)) / job.stages.length : 0;
  return (
    <li
      className={`job ${job.state}${job.outputId ? ' openable' : ''}`}
      data-testid={`job-${job.jobId}`}
      title={job.outputId ? 'Show this image on the canvas' : undefined}
      onClick={(e) => {
        if (job.outputId && !(e.target instanceof HTMLButtonElement)) void openJob(job.jobId);
      }}
    >
      <div className="job-head">
        <span className="job-title">
          {shotName}
          {job.variant?.sceneId && <span className="muted"> · in {job.variant.sceneId}</span>}
          {job.variant?.poseId && <span className="muted"> · pose {job.variant.poseId}</span>}
        </span>
        <span className={`badge ${job.state}`}>{job.state}</span>
      </div>
      {job.fallback && (
        <div className="banner warn small">
          Fell back from {job.fallback.from} to {job.fallback.to}: {job.fallback.reason}
        </div>
      )}
      {job.tiled && (
        <div className="banner warn small" data-testid="queue-tiled">
          Tiled: {job.tiled.note}
        </div>
      )}
      <div className="progress">
        <div style={{ width: `${Math.round(overall * 100)}%` }} />
      </div>
      <div className="stages">
        {job.stages.map((s) => (
          <span key={s.stage} className={`stage-chip ${s.state}`} title={`${s.stage}: ${s.state}`}>
            {s.stage}
          </span>
        ))}
      </div>
      <div className="job-foot muted small">
        <span data-testid="queue-doing">{footOf(job)}</span>
        {left !== null && (
          <span data-testid="queue-eta" title="From the stage times of earlier jobs">
            ~{Math.max(1, Math.round(left / 1000))} s left
          </span>
        )}
        <span>{clock(job.finishedAt ?? job.createdAt)}</span>
        {(job.state === 'queued' || job.state === 'running') && (
          <button className="link" onClick={() => void cancel(job.jobId)}>
            Cancel
          </button>
        )}
        {(job.state === 'failed' || job.state === 'cancelled') && (
          <button className="link" onClick={() => void retry(job.jobId)}>
            Retry
          </button>
        )}
      </div>
      {job.error && <div className="danger-text small">{job.error.advice ?? job.error.message}</div>}
    </li>
  );
}

export function QueuePanel() {
  const jobs = useStudio((s) => s.jobs);
  const status = useStudio((s) => s.jobsStatus);
  return (
    <section className="queue" data-testid="queue">
      <div className="section-label">Render queue</div>
      <Unavailable what="render queue" status={status} />
      {status.state === 'ready' && jobs.length === 0 && (
        <div className="muted small pad">Nothing queued. Press Render (R).</div>
      )}
      <ul className="jobs">
        {jobs.map((j) => (
          <JobRow key={j.jobId} job={j} />
        ))}
      </ul>
    </section>
  );
}
