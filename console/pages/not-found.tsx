/** A path under /admin that no page answers. */
import { h } from 'preact';
import { useEffect } from 'preact/hooks';
import { Link } from '../components/link.tsx';
import { HOME } from '../pages.tsx';

export function NotFoundPage() {
  useEffect(() => {
    document.title = 'Not found · Leadgate';
  }, []);
  return (
    <div class="page">
      <h1 tabIndex={-1}>There is no page here</h1>
      <p>
        <Link to={HOME}>Go to the overview</Link>
      </p>
    </div>
  );
}
