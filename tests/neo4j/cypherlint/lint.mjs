// Lint Cypher with Neo4j's own front end (@neo4j-cypher/language-support).
//
//   node lint.mjs < request.json        one request on stdin, its result on stdout
//   node lint.mjs --lines               one request per stdin line, one result line each
//                                       (the tests keep one process: loading takes seconds)
//
// A request is a list of queries [{"name", "query", "parameters"?}], or
//   {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//    "versions": ["CYPHER 5", "CYPHER 25"], "queries": [...]}
// The result is a list, one item per query and Cypher version:
//   {"name", "version", "errors": [...], "warnings": [...], "deprecations": [...]}
// with each diagnostic {"message", "line", "column"} (0-based).
//
// Other requests: {"op": "split", "text": "..."} gives the statements of a script as Neo4j's
// parser splits them (a ';' inside a string does not split); {"op": "strings", "query": "..."}
// gives the string literal tokens of a query as Neo4j's lexer reads them; {"op": "tokens",
// "query": "..."} all its tokens (but spaces and comments) as [{"type", "text"}], the type
// being the lexer's symbolic name (STRING_LITERAL1, LCURLY, ...).
// "console": true in a request lints with Browser commands (:param ...) allowed.
//
// "parameters" maps each $parameter of the query to a value (an undeclared one is an error).
// Procedures and functions (built-in, APOC and GDS, with their real signatures and
// deprecation flags) come from the registry the package ships as testData.mockSchema, a dump
// of SHOW PROCEDURES / SHOW FUNCTIONS from a Neo4j server with APOC and GDS installed.
import readline from 'node:readline';
import { CharStream } from 'antlr4ng';
import { lintCypherQuery, parseStatementsStrs, testData } from '@neo4j-cypher/language-support';
// Neo4j's own lexer (not exported by the package: imported by path)
import { CypherCmdLexer } from './node_modules/@neo4j-cypher/language-support/dist/esm/project/language-support/src/generated-parser/CypherCmdLexer.js';

const SEVERITY_ERROR = 1;
const TAG_DEPRECATED = 2;
const registry = testData.mockSchema;

function diagnostic(d) {
  return { message: d.message, line: d.range.start.line, column: d.range.start.character };
}

export function lint(request) {
  if (request.op === 'split') return parseStatementsStrs(request.text);
  if (request.op === 'tokens' || request.op === 'strings') {
    const lexer = new CypherCmdLexer(CharStream.fromString(request.query));
    const tokens = lexer
      .getAllTokens()
      .filter((t) => t.channel === 0)
      .map((t) => ({ type: lexer.vocabulary.getSymbolicName(t.type), text: t.text }));
    if (request.op === 'tokens') return tokens;
    return tokens.filter((t) => t.type.startsWith('STRING_LITERAL')).map((t) => t.text);
  }
  const consoleCommandsEnabled = !Array.isArray(request) && request.console === true;
  const queries = Array.isArray(request) ? request : request.queries;
  const schema = Array.isArray(request) ? {} : request.schema ?? {};
  const versions = (Array.isArray(request) ? null : request.versions) ?? ['CYPHER 5'];
  const results = [];
  for (const { name, query, parameters } of queries) {
    for (const version of versions) {
      const dbSchema = {
        labels: schema.labels ?? [],
        relationshipTypes: schema.relationshipTypes ?? [],
        propertyKeys: schema.propertyKeys ?? [],
        parameters: parameters ?? {},
        functions: registry.functions,
        procedures: registry.procedures,
        defaultLanguage: version,
      };
      const { diagnostics } = lintCypherQuery(query, dbSchema, { consoleCommandsEnabled });
      const out = { name, version, errors: [], warnings: [], deprecations: [] };
      for (const d of diagnostics) {
        const deprecated = (d.tags ?? []).includes(TAG_DEPRECATED) || /deprecat/i.test(d.message);
        if (deprecated) out.deprecations.push(diagnostic(d));
        else if (d.severity === SEVERITY_ERROR) out.errors.push(diagnostic(d));
        else out.warnings.push(diagnostic(d));
      }
      results.push(out);
    }
  }
  return results;
}

if (process.argv.includes('--lines')) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) process.stdout.write(JSON.stringify(lint(JSON.parse(line))) + '\n');
  }
} else {
  let data = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) data += chunk;
  process.stdout.write(JSON.stringify(lint(JSON.parse(data))) + '\n');
}
