/** An in-app link: a real `<a href>` (new tabs, copying, keyboard all work) that routes without reloading. */
import { type ComponentChildren, h } from 'preact';
import { BASE, followLink } from '../router.ts';

export function Link({
  to,
  children,
  class: className,
  current,
}: {
  to: string;
  children: ComponentChildren;
  class?: string;
  current?: boolean;
}) {
  return (
    <a
      href={BASE + to}
      class={className}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => followLink(e, to)}
    >
      {children}
    </a>
  );
}
