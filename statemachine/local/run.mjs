// Validates a state machine definition with asl-validator and runs one execution of it with
// aws-local-stepfunctions, each Lambda Task forwarded over HTTP to the real job function (the
// Java test runs the jobs' Lambda package under AWS's runtime interface client and answers).
//
//   node run.mjs DEFINITION.asl.json SUBSTITUTIONS.json INPUT.json FORWARD_URL
//
// SUBSTITUTIONS maps the template's DefinitionSubstitutions (${Name}) to values. Prints one JSON
// object on stdout: {"valid": false, "errors": [...]} or {"status": "SUCCEEDED", "output": ...}
// or {"status": "FAILED", "error": ..., "cause": ...}, plus "retries" (StateRetried events per state).
import { readFileSync } from 'node:fs';

// aws-local-stepfunctions 3.0.0 declares node >= 22; the one newer API it uses is
// Promise.withResolvers (ES2024), defined here with its specified behaviour when the running Node
// (20 here and on CI) lacks it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const { StateMachine } = await import('aws-local-stepfunctions');
const validate = (await import('asl-validator')).default;

const [definitionFile, substitutionsFile, inputFile, forwardUrl] = process.argv.slice(2);
const substitutions = JSON.parse(readFileSync(substitutionsFile, 'utf8'));
let text = readFileSync(definitionFile, 'utf8');
for (const [name, value] of Object.entries(substitutions)) {
  text = text.replaceAll('${' + name + '}', value);
}
const left = text.match(/\$\{[A-Za-z0-9]+\}/g);
if (left) {
  console.log(JSON.stringify({ valid: false, errors: [`unsubstituted: ${left.join(', ')}`] }));
  process.exit(0);
}
const definition = JSON.parse(text);
const { isValid, errors } = validate(definition);
if (!isValid) {
  console.log(JSON.stringify({ valid: false, errors }));
  process.exit(0);
}

// Every Task state runs its function through the forwarder; an error answer becomes an error
// whose name is the function's error type, as Step Functions names a Lambda function's error.
const taskStates = [];
(function collect(states) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') taskStates.push(name);
    if (state.ItemProcessor) collect(state.ItemProcessor.States);
    if (state.Iterator) collect(state.Iterator.States);
    for (const branch of state.Branches ?? []) collect(branch.States);
  }
})(definition.States);

const handlers = {};
const retryIntervals = {};
for (const name of taskStates) {
  handlers[name] = async (input) => {
    const response = await fetch(`${forwardUrl}/invoke/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = await response.json();
    if (response.headers.get('x-function-error')) {
      const error = new Error(body.errorMessage ?? 'function error');
      error.name = body.errorType ?? 'Lambda.Unknown';
      throw error;
    }
    return body;
  };
  // Retries wait 50 ms here instead of their back-off: the test checks that they happen, not how long.
  retryIntervals[name] = 50;
}

const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const machine = new StateMachine(definition, { validationOptions: { checkPaths: true, checkArn: true } });
const execution = machine.run(input, {
  overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryIntervals },
  context: { Execution: { Input: input, StartTime: new Date().toISOString(), Name: 'local-execution' } },
});
const retries = {};
const watching = (async () => {
  for await (const event of execution.eventLogs) {
    const e = event;
    if (e.type === 'StateRetried') {
      retries[e.state.name] = (retries[e.state.name] ?? 0) + 1;
    }
  }
})();
try {
  const output = await execution.result;
  await watching.catch(() => {});
  console.log(JSON.stringify({ valid: true, status: 'SUCCEEDED', output, retries }));
} catch (error) {
  await watching.catch(() => {});
  // The runner wraps the execution's error (a Fail state's Error and Cause) in an ExecutionError.
  const failure = error.cause instanceof Error ? error.cause : error;
  console.log(JSON.stringify({ valid: true, status: 'FAILED', error: failure.name, cause: failure.message, retries }));
}
