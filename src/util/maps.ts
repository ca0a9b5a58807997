// Map helpers shared by every stage.

/** Add `value` to the list kept under `key`, in place: lists built this way are never copied per element. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
