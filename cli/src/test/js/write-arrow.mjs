// Writes an Arrow IPC file the way Arrow's JavaScript implementation does: a dictionary-encoded
// string column, int16, float32, a nullable int32, and no validity buffers for columns without
// nulls (zero-length, as C++ and JS writers emit). FrameInteropTest imports it.
import { writeFileSync } from 'node:fs';
import { Dictionary, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';

const n = 5000;
const table = new Table({
  small: vectorFromArray(Int16Array.from({ length: n }, (_, i) => (i % 1000) - 500)),
  ratio: vectorFromArray(Float32Array.from({ length: n }, (_, i) => i / 4)),
  city: vectorFromArray(Array.from({ length: n }, (_, i) => ['SFO', 'JFK', 'ORD', 'LAX'][i % 4]),
    new Dictionary(new Utf8(), new Int32())),
  maybe: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i)), new Int32()),
});
writeFileSync(process.argv[2], tableToIPC(table, 'file'));
