/**
 * One place on the Forests screen where the result of the last action is told: the errors of a
 * refused edit or file (with their line and column or JSON path), or what a change means.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Alert, AlertTitle, Box } from '@mui/material';

export interface Feedback {
  severity: 'error' | 'success' | 'info';
  title: string;
  lines: string[];
}

interface FeedbackApi {
  show(f: Feedback | null): void;
  /** Shows an action's outcome: its messages when it failed, its notes (if any) when it worked. */
  report(
    r: { ok: true; notes?: string[] } | { ok: false; messages: string[]; aborted?: boolean },
    done: string,
    failed: string,
  ): boolean;
}

const Ctx = createContext<FeedbackApi>({ show: () => {}, report: () => false });

export function useFeedback(): FeedbackApi {
  return useContext(Ctx);
}

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const show = useCallback((f: Feedback | null) => setFeedback(f), []);
  const report = useCallback<FeedbackApi['report']>((r, done, failed) => {
    if (r.ok) {
      setFeedback({ severity: 'success', title: done, lines: r.notes ?? [] });
      return true;
    }
    setFeedback({
      severity: r.aborted ? 'info' : 'error',
      title: r.aborted ? 'Cancelled' : failed,
      lines: r.messages,
    });
    return false;
  }, []);
  const api = useMemo(() => ({ show, report }), [show, report]);
  return (
    <Ctx.Provider value={api}>
      {feedback && (
        <Alert
          severity={feedback.severity}
          onClose={() => setFeedback(null)}
          sx={{ mb: 2 }}
          role={feedback.severity === 'error' ? 'alert' : 'status'}
          aria-label={feedback.title}
        >
          <AlertTitle>{feedback.title}</AlertTitle>
          {feedback.lines.length > 0 && (
            <Box component="ul" sx={{ m: 0, pl: 2, maxHeight: 200, overflow: 'auto' }}>
              {feedback.lines.map((l, i) => (
                <li key={i}>
                  <Box component="span" sx={{ fontFamily: 'monospace', fontSize: 13 }}>
                    {l}
                  </Box>
                </li>
              ))}
            </Box>
          )}
        </Alert>
      )}
      {children}
    </Ctx.Provider>
  );
}
