// The small part of js-yaml 4 that src/load/fast-yaml.ts uses (the package ships no types).
declare module 'js-yaml' {
  export interface Schema {
    readonly __schema: unique symbol;
  }
  /** The loader's state, as passed to a listener: enough to follow node positions. */
  export interface State {
    readonly position: number;
    readonly kind: 'scalar' | 'mapping' | 'sequence' | null;
    readonly result: unknown;
  }
  export interface LoadOptions {
    filename?: string;
    schema?: Schema;
    json?: boolean;
    maxDepth?: number;
    onWarning?: (warning: Error) => void;
    listener?: (eventType: 'open' | 'close', state: State) => void;
  }
  export const CORE_SCHEMA: Schema;
  export function load(text: string, options?: LoadOptions): unknown;
}
