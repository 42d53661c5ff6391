// Reads an Arrow IPC file with Arrow's JavaScript implementation and prints, as JSON, what
// FrameInteropTest compares: rows, batches, column names and types, and per column the count
// of non-null values and a checksum of their string forms. With OFFSET and LENGTH it reads the
// IPC file that lies at that range of a larger file (a frame in place inside a pool file).
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const [path, offset, length] = process.argv.slice(2);
const bytes = readFileSync(path);
const start = offset === undefined ? 0 : Number(offset);
const end = length === undefined ? bytes.length : start + Number(length);
const table = tableFromIPC(bytes.subarray(start, end));
const columns = table.schema.fields.map((field, i) => {
  const vector = table.getChildAt(i);
  let valid = 0;
  let checksum = 0;
  for (const value of vector) {
    if (value === null) continue;
    valid++;
    const text = typeof value === 'bigint' ? value.toString() : String(value);
    for (let c = 0; c < text.length; c++) checksum = (checksum * 31 + text.charCodeAt(c)) >>> 0;
  }
  return { name: field.name, type: String(field.type), valid, checksum };
});
console.log(JSON.stringify({ rows: table.numRows, batches: table.batches.length, columns }));
