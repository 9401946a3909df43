// Checks mermaid diagrams with mermaid's own parser (the one that renders them on GitHub
// and GitLab). Usage: node check.mjs FILE...  Prints "ok FILE" or "FAIL FILE: reason"
// per file; exits 1 when any diagram does not parse, 2 when mermaid cannot be loaded.
import { readFile } from 'node:fs/promises';

let mermaid;
try {
  mermaid = (await import('mermaid')).default;
} catch (e) {
  console.error(`mermaid is not installed here (run npm ci in ${import.meta.dirname ?? '.'}): ${e.message}`);
  process.exit(2);
}
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = await readFile(file, 'utf8');
  try {
    const result = await mermaid.parse(text);
    if (result.diagramType !== 'sequence') {
      throw new Error(`expected a sequenceDiagram, mermaid read a ${result.diagramType}`);
    }
    console.log(`ok ${file}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${String(e.message ?? e).split('\n').join(' ')}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
