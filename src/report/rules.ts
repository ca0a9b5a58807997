// The catalogue of every rule id `claims check` can emit, with the texts machine formats (SARIF) publish.
// A test greps src/ for rule ids and fails when one is missing here.
import { STATUSES, type Severity, type Status } from './types.js';

export interface RuleInfo {
  id: string;
  /** Default severity of findings under this rule. */
  severity: Severity;
  /** One sentence: what the rule reports. */
  short: string;
  /** Why it matters. */
  full: string;
  /** How to fix it. */
  help: string;
}

type Entry = [Severity, string, string, string];

const FINDING_RULES: Record<string, Entry> = {
  // Reading files
  'file/unreadable': ['error', 'A file or folder could not be read.', 'The file or folder exists but reading it failed (permissions or an I/O error), so its entries were not checked.', 'Check the permissions of the file (chmod) and that it is a regular file.'],
  'file/too-large': ['error', 'A file is larger than the configured limit.', 'Very large files are not read, to keep a check fast and safe against hostile input.', 'Split the file into smaller files, or raise limits.maxFileBytes in claims.config.yaml.'],
  'file/encoding': ['error', 'A file is not valid UTF-8 text.', 'Claim files must be UTF-8. Files saved as UTF-16 or in a legacy encoding such as Windows-1252 cannot be read reliably.', 'Save the file as UTF-8 in your editor and check again.'],
  'file/binary': ['error', 'A file looks binary, not YAML text.', 'A file in the corpus contains NUL bytes, so it is not a text file.', 'Remove the file from the corpus folder or give it an extension other than .yaml.'],
  'file/ignored': ['warning', 'A YAML file in the ledger was left out of the check.', 'A .gitignore, .git/info/exclude, the ignore: setting, a hidden name or a node_modules folder made the folder walk skip it, so whatever it says was not checked; a pull request could otherwise hide a bad file this way.', 'Remove the pattern that names it, rename it without the leading dot or move it out of node_modules, or name it on the command line (or run with --no-ignore).'],
  'file/empty': ['warning', 'A file is empty or holds only comments.', 'There is nothing to check in the file.', 'Add entries under "claims:", "sources:" or "documents:", or delete the file.'],
  'file/unknown-kind': ['error', 'A file is not a claims, sources or documents file.', 'Every file must be a map with one top-level list: "claims:", "sources:" or "documents:". Otherwise it is not clear what it records.', 'Start the file with "claims:", "sources:" or "documents:" followed by a list of entries.'],
  'file/symlink-loop': ['error', 'A symbolic link leads back to itself.', 'A link loop cannot be followed, so nothing behind it was checked.', 'Remove the link or point it at a real file or folder.'],
  'file/dangling-symlink': ['error', 'A symbolic link points at nothing.', 'The target of the link does not exist.', 'Remove the link or fix its target.'],
  'file/excluded': ['error', 'A corpus file leads to a file that is never read.', 'Hidden files and folders (.git, .env...) and files that .gitignore names hold settings and credentials, not claims: a corpus file at such a name, or a link to one, is not read, so that a corpus cannot make the tool print them.', 'Remove the link, or copy the claims into an ordinary file of the corpus folder.'],
  'file/outside-project': ['error', 'A symbolic link points outside the project folder.', 'Files outside the project are never read, so that a corpus cannot make the tool read arbitrary files.', 'Copy the file into the project instead of linking to it.'],
  // YAML
  'yaml/syntax': ['error', 'YAML syntax error.', 'The file is not valid YAML, so none of its entries could be checked.', 'Fix the syntax at the position given (indentation, quotes, colons) and check again.'],
  'yaml/unclosed-quote': ['error', 'A quoted value is never closed.', 'A missing closing quote makes the rest of the file part of one value, so the file cannot be read.', 'Add the closing quote at the end of the value.'],
  'yaml/complex-key': ['error', 'A map key is not plain text.', 'Keys that are lists or maps (complex keys) have no meaning in claim files and are refused.', 'Write the key as plain text.'],
  'yaml/duplicate-key': ['error', 'A key appears twice in one map.', 'YAML keeps only one of two identical keys; the other value would be lost silently.', 'Remove or rename one of the two keys.'],
  'yaml/tab-indent': ['error', 'A tab is used for indentation.', 'YAML allows only spaces for indentation.', 'Replace the tab with spaces.'],
  'yaml/tag': ['error', 'A YAML tag is used.', 'Tags such as !!js/function are never interpreted: nothing is executed from YAML.', 'Remove the tag and write the value as plain text.'],
  'yaml/alias': ['error', 'A YAML alias is invalid.', 'An alias (*name) refers to an anchor (&name) that does not exist or is used wrongly.', 'Define the anchor before the alias, or write the value out.'],
  'yaml/alias-limit': ['error', 'A file expands too many YAML aliases.', 'Expanding aliases without bound is an "alias bomb" that can exhaust memory.', 'Write the values out instead of using aliases.'],
  'yaml/too-deep': ['error', 'A file is nested too deeply.', 'Deep nesting is refused to read hostile input safely; claim files need only a few levels.', 'Flatten the structure.'],
  'yaml/too-many-values': ['error', 'A file holds too many YAML values to be read safely.', 'A file that needs the full YAML reader (tabs, Windows line endings, escapes, anchors) and holds more lines and list items than a claim file ever does is refused before parsing, because that reader takes about 2 KB of memory per value.', 'Split the file into smaller files, or save it with plain line endings and no tabs.'],
  'yaml/multiple-documents': ['error', 'A file holds more than one YAML document.', 'Only the first document (before "---") is checked.', 'Put each document in its own file.'],
  // Schema
  'schema/required': ['error', 'A required field is missing.', 'The entry lacks a field the file format requires (for example "stance" in an assertion).', 'Add the missing field named in the message.'],
  'schema/unknown-field': ['error', 'A field is not part of the file format.', 'Unknown fields are refused so that a misspelt field name cannot pass silently.', 'Fix the spelling (the message suggests the closest field) or remove the field.'],
  'schema/enum': ['error', 'A value is not one of the allowed values.', 'Fields such as "stance" take one of a fixed list of values.', 'Use one of the values listed in the message; it suggests the closest one.'],
  'schema/type': ['error', 'A value has the wrong type.', 'A field expects text, a number, a list or a map, and got something else.', 'Write the value with the type named in the message.'],
  'schema/pattern': ['error', 'A value does not have the expected form.', 'Ids, dates, language tags and hashes must follow a fixed form.', 'Rewrite the value as the message shows (ids: lowercase words joined by hyphens; dates: YYYY-MM-DD).'],
  'schema/format': ['error', 'A value is not a valid URL, date or other format.', 'The field must hold a well-formed value of its format.', 'Write the value in full, for example a URL starting with https://.'],
  'schema/empty': ['error', 'A field or list is empty.', 'An empty value records nothing.', 'Write something in the field or remove it.'],
  'schema/too-long': ['error', 'A value is too long.', 'The field has a maximum length.', 'Shorten the value.'],
  'schema/range': ['error', 'A number is out of range.', 'The field accepts only numbers within a range.', 'Use a number within the range given in the message.'],
  'schema/duplicate-item': ['error', 'A list holds the same value twice.', 'Lists such as tags or parties must not repeat a value.', 'Remove the repeated value.'],
  'schema/too-many-errors': ['error', 'More schema errors in the file than are shown.', 'Only a bounded number of schema errors are reported per file.', 'Fix the errors shown and check again.'],
  // References
  'ref/duplicate-id': ['error', 'An id is used twice.', 'Ids of sources, documents and claims must be unique across all files; otherwise references are ambiguous.', 'Rename one of the two entries.'],
  'ref/unknown-source': ['error', 'A source id does not exist.', 'An assertion or a relay names a source that no sources file defines.', 'Add the source to a sources file or fix the id (the message suggests the closest one).'],
  'ref/unknown-document': ['error', 'A document id does not exist.', 'A quote or a translation names a document that no documents file defines.', 'Add the document to a documents file or fix the id (the message suggests the closest one).'],
  'ref/unknown-party': ['error', 'A party is not listed in the configuration.', 'A misspelt party would count as a separate voice and change verdicts.', 'Use one of the parties listed in claims.config.yaml, or add the party there.'],
  'ref/relay-cycle': ['error', 'Sources relay each other in a circle.', 'A chain of relays must end at an original speaker, or no voice can be counted.', 'Remove "relays" from the source that spoke first.'],
  'ref/unknown-claim': ['error', 'A claim id in contradicts does not exist.', 'A claim can only contradict a claim the ledger records; a misspelt id would leave the relation out of both verdicts.', 'Fix the id (the message suggests the closest one) or record that claim.'],
  'ref/self-contradiction': ['error', 'A claim contradicts itself.', 'contradicts names the claims that cannot be true together with this one; a claim is always true together with itself.', 'Remove the claim\'s own id from its contradicts.'],
  'ref/self-reference': ['error', 'A document is a translation or republication of itself.', 'A document cannot derive from itself.', 'Point translation_of or republication_of at the original document.'],
  // Documents
  'document/missing-file': ['error', 'The text file of a document does not exist.', 'Quotes are verified against the local text of their document; without it they cannot be checked.', 'Fix the path (the message suggests the closest file) or add the text file.'],
  'document/unreadable': ['error', 'The text file of a document could not be read.', 'The document text could not be read, so its quotes cannot be verified.', 'Check the file and its permissions.'],
  'document/outside-project': ['error', 'A document path leaves the project folder.', 'Document paths are relative to the project folder and may not escape it, so that a corpus cannot make the tool read arbitrary files.', 'Copy the text into the project and give a relative path.'],
  'document/excluded': ['error', 'A document path names a file that is never read as evidence.', 'Hidden files and folders (.git, .env...), and files that .gitignore or documents.exclude in claims.config.yaml name, hold settings and credentials, not evidence: they are not read, so that a corpus cannot make the tool print them.', 'Point the document at the text file of the article (for example under seeds/).'],
  'document/not-evidence': ['error', 'A document path names a ledger or data file, not a text of the evidence.', 'A claim, sources or documents file, the configuration, or any .yaml, .yml or .json file is not an article: quoting it would let a claim file be its own evidence.', 'Point the document at the text file of the article (for example under seeds/).'],
  'document/budget': ['error', 'A document text was not checked: the run had read its limit of document texts.', 'One run reads at most 256 MiB of document texts, so that a ledger cannot make a check run without end; the quotes of documents past it are not verified.', 'Split the ledger into smaller projects, or remove documents whose texts repeat.'],
  'document/no-hash': ['info', 'A document records no SHA-256 of its text.', 'Without a hash, later edits to the document text go unnoticed.', 'Run "claims hash" to record the hash.'],
  'document/hash-mismatch': ['error', 'The text of a document changed since the claims were recorded.', 'The quotes were checked against another version of the text.', 'Re-check the quotes against the new text, then run "claims hash" to accept it.'],
  // Quotes and assertions
  'quote/not-found': ['error', 'A quote does not appear in its document.', 'Every quote must be verbatim text of the document it is tied to. A quote that is not there may be misattributed or altered.', 'Copy the words exactly as printed in the document, or tie the quote to the right document.'],
  'quote/over-elided': ['error', 'An elided quote leaves out too much to be checked.', 'A quote cut into many short parts, or with far more left out than kept, can be pieced together from scattered letters or words of a text that never says it.', 'Quote the passage with at most 5 elisions, each kept part at least two words.'],
  'quote/unverifiable': ['info', 'A quote cannot be verified.', 'Its document has only a URL and no local text file.', 'Save the article text in the project and set "path" on the document.'],
  'quote/language-mismatch': ['warning', 'A quote is not in the language of its document.', 'Quotes are recorded in the original language; a translation belongs in "translation".', 'Quote the words in the document language and put your rendering in "translation".'],
  'assertion/no-quote': ['warning', 'An assertion has no quote.', 'Nothing proves the stance taken.', 'Add the words as printed, with the document they appear in.'],
  'assertion/unproven': ['warning', 'An assertion does not count: none of its quotes is verified.', 'Only proven voices count: an assertion adds its source\'s voice only when at least one of its quotes is found in a local document text. Without one, the verdict would rest on nothing an editor can check.', 'Add a verbatim quote from a document with a local text, fix the quote that was not found, or (for documents with only a URL) set corroboration.count_unverified: true.'],
  'assertion/value-without-quantity': ['error', 'An assertion gives a value, but its claim has no quantity.', 'A figure means nothing without saying what it counts, and it is left out of the verdict.', 'Add quantity: {what: …, unit: …} to the claim.'],
  'assertion/value-range': ['error', 'A value range has its low figure above its high one.', 'The range is empty, so the figure is left out of the verdict.', 'Swap low and high.'],
  'assertion/after-document': ['error', 'An assertion is dated after the document that reports it.', 'A document cannot report a statement made after it was published: one of the two dates is wrong.', 'Fix the date of the assertion or the publication date of the document.'],
  // Sources
  'source/outlet-voice': ['warning', 'A news outlet counts as an independent supporting voice.', 'Agencies and outlets mostly pass on what someone else said; counted as voices of their own, two outlets relaying one speaker look like corroboration.', 'Name the speaker as the source and put the outlet in the assertion\'s via, or mark the outlet witness: true when its own reporter saw it.'],
  // Claims
  'claim/no-assertions': ['warning', 'A claim has no assertions.', 'Without assertions no verdict can be given.', 'Record who asserts, corroborates, denies or disputes the claim.'],
  'claim/single-document': ['warning', 'All support for a claim comes from one article.', 'Corroboration quoted from a single article and its translations is fragile.', 'Look for a second, independent document.'],
};

const STATUS_TEXT: Record<Status, string> = {
  contested: 'at least one voice supports it and at least one denies or disputes it',
  corroborated: 'enough independent voices support it and none opposes it',
  'single-source': 'only one independent voice supports it',
  'under-corroborated': 'it has supporting voices, but fewer than the corroboration threshold',
  denied: 'only opposing voices speak about it',
  unsupported: 'no voice takes a stance on it',
};

/** The rule id of a verdict result, e.g. "verdict/contested" (only reported when --fail-on names the status). */
export function verdictRuleId(status: Status): string {
  return `verdict/${status}`;
}

function verdictRule(status: Status): RuleInfo {
  return {
    id: verdictRuleId(status),
    severity: 'info',
    short: `A claim is ${status}.`,
    full: `The claim's headline status is "${status}": ${STATUS_TEXT[status]}. Reported only when --fail-on names this status.`,
    help: `Read the claim's explanation (claims show <id>) before stating it as fact. Remove "${status}" from --fail-on to stop reporting it.`,
  };
}

/** Every rule, findings first then verdicts, in a stable order. */
export const RULES: readonly RuleInfo[] = [
  ...Object.entries(FINDING_RULES).map(([id, [severity, short, full, help]]) => ({ id, severity, short, full, help })),
  ...STATUSES.map(verdictRule),
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The catalogue entry of a rule id; ids not in the catalogue (should not happen) get a generic entry. */
export function ruleInfo(id: string): RuleInfo {
  return (
    BY_ID.get(id) ?? {
      id,
      severity: 'error',
      short: `Problem reported under rule ${id}.`,
      full: `Problem reported under rule ${id}.`,
      help: 'Read the message of the finding.',
    }
  );
}

export function isKnownRule(id: string): boolean {
  return BY_ID.has(id);
}
