/** Loading something from the admin API into a component: its data, the failure, or still loading. */
import { useEffect, useState } from 'preact/hooks';

export type Loaded<T> = { data?: T; error?: unknown; loading: boolean };

/** Runs `load` whenever `key` changes; a newer load wins over an older one still in flight. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
    // `key` names everything `load` reads.
  }, [key]);
  return state;
}
