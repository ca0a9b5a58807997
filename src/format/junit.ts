import { groupFindings, isLoadFailure } from '../report/group.js';
import type { ClaimVerdict, Finding, Report } from '../report/types.js';
import type { Formatter } from './types.js';
import { pushTo } from '../util/maps.js';

// Characters XML 1.0 forbids anywhere (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
// eslint-disable-next-line no-control-regex
const ILLEGAL_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Not illegal, but "discouraged" (DEL, C1 controls) and invisible in every viewer: shown the same way.
const DISCOURAGED = /[\u007f-\u0084\u0086-\u009f]/g;

const visible = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text that XML 1.0 can carry: illegal characters become visible \uXXXX escapes, the rest is escaped. Line breaks
 * are character references, so that text from a file never starts a line of the document (printed in a CI log, a
 * line could start a workflow command), and the "#" of "##[" is one too (the legacy command form); parsers read
 * both back as the characters they stand for.
 */
export function xmlText(s: string): string {
  return s
    .replace(ILLEGAL_XML, visible)
    .replace(DISCOURAGED, visible)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/##\[/g, '&#35;#[');
}

/** An attribute value (in double quotes); tabs are kept as character references too, so parsers do not fold them. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;');
}

/** The dateTime form the strict JUnit XSD accepts: no fraction, no time zone (UTC is meant). */
function junitTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}

const line = (f: Finding) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]`;

interface Case {
  name: string;
  classname: string;
  /** Where the claim (or the file's first finding) is: GitLab shows the file of a test case from this attribute. */
  file: string;
  line: number;
  /** A claim that fails its check, or a file with errors. */
  failure?: { element: 'failure' | 'error'; type: string; message: string; body: string };
  /** The case's own output: its verdict and its warnings and notes (CI tools show it with the case, not the suite's). */
  out: string[];
}

/** The verdict in one line, for the case's own output. */
const verdictLine = (c: ClaimVerdict) =>
  `${c.id}: ${c.status}${c.provisional ? ', PROVISIONAL' : ''} (${c.support.length} for, ${c.opposition.length} against; grade ${c.grade}${c.flags.length ? `; ${c.flags.join(', ')}` : ''}). ${c.explanation}`;

function claimCase(c: ClaimVerdict, findings: Finding[], failOn: Report['claims'][number]['status'][], quiet: boolean): Case {
  const errors = findings.filter((f) => f.severity === 'error');
  const byStatus = failOn.includes(c.status);
  const out = [...findings.filter((f) => f.severity !== 'error').map(line), ...(quiet ? [] : [verdictLine(c)])];
  const kase: Case = { name: c.id, classname: c.file, file: c.file, line: c.line, out };
  if (errors.length === 0 && !byStatus) return kase;
  const first = errors[0];
  const statusLine = `Claim "${c.id}" is ${c.status}, a status named by --fail-on.`;
  const message = first ? `${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` : statusLine;
  const body = [
    ...errors.map(line),
    ...(byStatus ? [statusLine] : []),
    `Statement: ${c.statement}`,
    `Verdict: ${c.status}${c.provisional ? ' (provisional: its evidence has errors)' : ''}, grade ${c.grade}${c.flags.length ? ` [${c.flags.join(', ')}]` : ''}. ${c.explanation}`,
  ].join('\n');
  kase.failure = { element: 'failure', type: first ? first.ruleId : `verdict/${c.status}`, message, body };
  return kase;
}

/** The file itself: an <error> when it could not be loaded, a <failure> for other errors outside any claim. */
function fileCase(file: string, findings: Finding[]): Case {
  const kase: Case = { name: '(whole file)', classname: file, file, line: Math.max(1, findings[0]?.line ?? 1), out: findings.filter((f) => f.severity !== 'error').map(line) };
  const errors = findings.filter((f) => f.severity === 'error');
  const first = errors[0];
  if (!first) return kase;
  const load = errors.some(isLoadFailure);
  kase.failure = {
    element: load ? 'error' : 'failure',
    type: (errors.find(isLoadFailure) ?? first).ruleId,
    message: `${(errors.find(isLoadFailure) ?? first).message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
    body: errors.map(line).join('\n'),
  };
  return kase;
}

/**
 * JUnit XML for GitLab and Jenkins: one suite per file, one test case per claim (classname = file, name = claim
 * id), plus a "(whole file)" case for findings outside any claim. Each case carries `file` and `line` (GitLab shows
 * the file; pytest and the JUnit 5 XML reports write the same attributes) and its own `<system-out>` with its
 * verdict. Those three are the only things the strict Ant schema does not allow (test/ci/formats.test.ts).
 */
export const formatJunit: Formatter = (report, options) => {
  const { byClaim, byFile, files } = groupFindings(report);
  const keep = (fs: Finding[]) => (options.quiet ? fs.filter((f) => f.severity === 'error') : fs);
  const timestamp = junitTime(options.timestamp ?? new Date(0));
  const hostname = options.hostname?.trim() || 'localhost';
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  // Claims by file, pushed once: filtering all claims for each file is quadratic on a large ledger.
  const claimsOf = new Map<string, ClaimVerdict[]>();
  for (const c of report.claims) pushTo(claimsOf, c.file, c);
  files.forEach((file, id) => {
    const cases: Case[] = [];
    const fileFindings = keep(byFile.get(file) ?? []);
    if (fileFindings.length > 0) cases.push(fileCase(file, fileFindings));
    for (const c of claimsOf.get(file) ?? []) cases.push(claimCase(c, keep(byClaim.get(c.id) ?? []), [...options.failOn], options.quiet));
    const failures = cases.filter((k) => k.failure?.element === 'failure').length;
    const errors = cases.filter((k) => k.failure?.element === 'error').length;
    out.push(
      `  <testsuite name="${xmlAttr(file)}" package="claims" id="${id}" timestamp="${timestamp}" hostname="${xmlAttr(hostname)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="0">`,
      '    <properties>',
      `      <property name="claims.version" value="${xmlAttr(report.tool.version)}"/>`,
      `      <property name="corroboration.threshold" value="${report.policy.corroborationThreshold}"/>`,
      ...(options.failOn.length > 0 ? [`      <property name="fail-on" value="${xmlAttr(options.failOn.join(','))}"/>`] : []),
      '    </properties>',
    );
    for (const k of cases) {
      const open = `    <testcase name="${xmlAttr(k.name)}" classname="${xmlAttr(k.classname)}" time="0" file="${xmlAttr(k.file)}" line="${k.line}"`;
      if (!k.failure && k.out.length === 0) {
        out.push(`${open}/>`);
        continue;
      }
      const f = k.failure;
      out.push(
        `${open}>`,
        ...(f ? [`      <${f.element} message="${xmlAttr(f.message)}" type="${xmlAttr(f.type)}">${xmlText(f.body)}</${f.element}>`] : []),
        ...(k.out.length > 0 ? [`      <system-out>${xmlText(k.out.join('\n'))}</system-out>`] : []),
        '    </testcase>',
      );
    }
    out.push('    <system-out/>', '    <system-err/>', '  </testsuite>');
  });
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};
