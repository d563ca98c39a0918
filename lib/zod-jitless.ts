// Imported first by every extension entry point. zod compiles fast parsers with `new Function`
// when it can; the extension's pages and worker forbid evaluating strings (MV3's CSP), so each
// attempt is refused and reported as a violation. Parsing without the compiled path is the same
// parsing, and the pages never try to evaluate code.
import { z } from 'zod';

z.config({ jitless: true });
