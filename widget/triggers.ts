/** When a popup or slide-in opens by itself: on load, after a delay, at a scroll depth, on exit intent. */

const SEEN = 'leadgate:seen:';

/** Calls `open` once when `trigger` fires; with `once`, never again for this visitor. */
export function arm(trigger: string, formId: string, once: boolean, open: () => void): void {
  const [kind, arg] = trigger.split(':');
  const n = Number(arg) || 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    // Disarmed at once, so a burst of scroll events opens it one time.
    clearTimeout(timer);
    removeEventListener('scroll', onScroll);
    document.removeEventListener('mouseout', onLeave);
    try {
      if (once && localStorage.getItem(SEEN + formId)) return;
      localStorage.setItem(SEEN + formId, '1');
    } catch {
      // Storage blocked: opening at most once per page is the best we can do.
    }
    open();
  };
  const onScroll = () => {
    const max = document.documentElement.scrollHeight - innerHeight;
    if (max <= 0 || (scrollY / max) * 100 >= n) fire();
  };
  // Exit intent: the pointer leaves through the top of the window (desktop only; touch has no such move).
  const onLeave = (e: MouseEvent) => !e.relatedTarget && e.clientY <= 0 && fire();
  if (kind === 'load') fire();
  else if (kind === 'delay') timer = setTimeout(fire, n * 1000);
  else if (kind === 'scroll') addEventListener('scroll', onScroll, { passive: true });
  else if (kind === 'exit') document.addEventListener('mouseout', onLeave);
}
