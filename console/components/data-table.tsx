/**
 * A table of rows for any page: columns say their header and how to show a row's cell. On a narrow screen
 * each row becomes a card whose cells carry their header as a label (styles.css, `data-label`).
 */
import { type ComponentChildren, h } from 'preact';

export type Column<T> = {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** `num` aligns right, `primary` heads the card on narrow screens, `nowrap` keeps a date on one line. */
  kind?: 'num' | 'primary' | 'nowrap';
};

export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
}) {
  return (
    <div class="table-wrap">
      <table class="data-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.kind ? `col-${c.kind}` : undefined} key={c.header}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td data-label={c.header} class={c.kind ? `col-${c.kind}` : undefined} key={c.header}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
