// email-reply-parser ships ESM only. Node loads it with require() (20.19+); Jest's CommonJS runtime needs it
// transpiled, and its one `createRequire(import.meta.url)` (for the optional `re2`) is CommonJS's own `require`.
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const cjsReady = source.replace(/^import \{ createRequire \} from "module";\s*const require = createRequire\(import\.meta\.url\);/m, '');
    const { outputText, sourceMapText } = ts.transpileModule(cjsReady, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true, esModuleInterop: true, sourceMap: true },
    });
    return { code: outputText, map: sourceMapText };
  },
};
