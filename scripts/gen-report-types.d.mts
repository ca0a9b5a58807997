// Types of scripts/gen-report-types.mjs, for test/report-types.test.ts.

export const SCHEMA_FILE: string;
export const OUTPUT_FILE: string;
/** The command that regenerates the file. */
export const REGENERATE: string;
/** The TypeScript name of a definition, from its title ("Claim verdict" is ClaimVerdict). */
export function typeName(title: string): string;
/** The schema as the generator is given it; throws when a definition has no title or a $ref has siblings other than a description. */
export function prepare<S extends object>(schema: S): Record<string, unknown>;
/** The generated file's text for a schema's text (by default, the schema file's). */
export function generateReportTypes(schemaText?: string): Promise<string>;
/** Why the committed file is not what the schema gives, or undefined when they agree. */
export function drift(committed: string | undefined, generated: string): string | undefined;
/** The committed file's text, or undefined when there is none. */
export function committedText(): string | undefined;
