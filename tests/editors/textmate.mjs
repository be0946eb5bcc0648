// Tokenize files with the TextMate grammar editors/textmate/flowfile.tmLanguage.json
// through vscode-textmate (the tokenizer of VS Code) and check the scopes at chosen places.
// Usage: node textmate.mjs GRAMMAR CHECKS
// CHECKS: lines "FILE<TAB>LINE-REGEX<TAB>TEXT<TAB>SCOPE": on the first line of FILE that
// matches LINE-REGEX, the first token that starts where TEXT does (TEXT is searched on that
// line) must carry SCOPE (empty SCOPE: only the file's own scope). Prints one line per
// failed check; exits 1 when one failed, 2 on a usage or load error.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const [grammarPath, checksPath] = process.argv.slice(2);
if (!grammarPath || !checksPath) {
	console.error('usage: node textmate.mjs GRAMMAR CHECKS');
	process.exit(2);
}
const wasm = readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const registry = new vsctm.Registry({
	onigLib: Promise.resolve({
		createOnigScanner: (p) => new oniguruma.OnigScanner(p),
		createOnigString: (s) => new oniguruma.OnigString(s),
	}),
	loadGrammar: async () => vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath),
});
const grammar = await registry.loadGrammar('source.flowfile');

// Every line of a file as its tokens: [{start, end, scopes}].
const cache = new Map();
function tokenize(file) {
	if (cache.has(file))
		return cache.get(file);
	const lines = readFileSync(file, 'utf8').split('\n');
	let state = vsctm.INITIAL;
	const out = lines.map((text) => {
		const r = grammar.tokenizeLine(text, state);
		state = r.ruleStack;
		return { text, tokens: r.tokens.map((t) => ({ start: t.startIndex, end: t.endIndex, scopes: t.scopes })) };
	});
	cache.set(file, out);
	return out;
}

let failed = 0;
for (const row of readFileSync(checksPath, 'utf8').split('\n')) {
	if (!row)
		continue;
	const [file, lineRe, text, scope] = row.split('\t');
	const lines = tokenize(file);
	const line = lines.find((l) => new RegExp(lineRe).test(l.text));
	const col = line ? line.text.indexOf(text) : -1;
	const tok = col < 0 ? null : line.tokens.find((t) => t.start <= col && col < t.end);
	let ok;
	if (!tok)
		ok = false;
	else if (scope)
		ok = tok.scopes.includes(scope);
	else
		ok = tok.scopes.length === 1;
	if (!ok) {
		failed++;
		const where = path.basename(file) + ': /' + lineRe + '/ at "' + text + '"';
		console.log(where + ': scopes ' + (tok ? tok.scopes.join(' ') : 'NOT FOUND') + ', expected ' + (scope || 'none'));
	}
}
process.exit(failed ? 1 : 0);
