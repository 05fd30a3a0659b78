// Starts `sop lsp` for the YAML files of the workspace: the server finds
// each file's project (its sop.toml) and lints only the SOPs and
// glossaries, so other YAML files get no findings. It asks VS Code itself
// to watch the files that change findings (SOPs, glossaries, sop.toml).
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('sop').get('path', 'sop');
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
  };
  client = new LanguageClient('sop', 'sop', serverOptions, clientOptions);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
