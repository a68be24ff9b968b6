// The oracle: expands templates with the official adaptivecards-templating engine.
// Input (file given as argv[2], or stdin): [{"name", "template", "data"}]; a missing "data" binds no data.
// Output (stdout): [{"name", "result"} | {"name", "error"}], one process for the whole batch.
'use strict';
const fs = require('fs');
const path = require('path');
const ACData = require(path.join(__dirname, '..', 'node_modules', 'adaptivecards-templating'));

const input = JSON.parse(fs.readFileSync(process.argv[2] || 0, 'utf8'));
const output = input.map(({ name, template, data }) => {
  try {
    const result = new ACData.Template(template).expand(data === undefined ? {} : { $root: data });
    return { name, result: result === undefined ? null : result };
  } catch (e) {
    return { name, error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(output));
