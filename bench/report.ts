/** One line of the bench table; `pass` is null where there is no target. */
export interface Row {
  metric: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
}

export interface Results {
  date: string;
  machine: string;
  durationSeconds: number;
  rows: Row[];
  notes: string[];
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The markdown report: a header line, the table, then notes. */
export function formatReport(r: Results): string {
  const lines = [
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC on ${r.machine}, in one ${r.durationSeconds} s run (\`npm run bench\`).`,
    '',
    '| metric | value | baseline | ratio | target | pass |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.rows.map(
      (row) =>
        `| ${[row.metric, row.value, row.baseline, row.ratio, row.target, row.pass === null ? '' : row.pass ? 'yes' : '**no**'].map(cell).join(' | ')} |`,
    ),
  ];
  if (r.notes.length > 0) lines.push('', ...r.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}
