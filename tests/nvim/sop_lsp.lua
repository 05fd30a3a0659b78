-- Driven by tests/suite/lsp_neovim.rs: Neovim's own LSP client (no plugin) runs
-- `sop lsp` on one SOP with a planted mistake, waits for its diagnostic,
-- fixes it with the preferred quick fix (a code action request with the
-- diagnostic in its context, as `vim.lsp.buf.code_action` makes it),
-- waits for the diagnostic to go away, then asks for the definition, the
-- hover and the completions of the `goto` it fixed, and writes what it
-- saw as JSON to $SOP_RESULT. Written for Neovim 0.7 (what Debian 12
-- ships): `vim.lsp.start_client` and `buf_attach_client`, which later
-- versions keep.
local results = {}
local limit = 30000

local function seen(diagnostics)
  return vim.tbl_map(function(d)
    return {
      code = d.code,
      source = d.source,
      severity = d.severity,
      message = d.message,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
    }
  end, diagnostics)
end

-- The one answer of the server to a request, or an error.
local function ask(buf, method, params)
  local answers, err = vim.lsp.buf_request_sync(buf, method, params, limit)
  assert(answers, method .. ': ' .. tostring(err))
  local _, answer = next(answers)
  assert(answer and not answer.err, method .. ': ' .. vim.inspect(answer))
  return answer.result
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('SOP_FILE')))
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = 'sop',
    cmd = { os.getenv('SOP_BIN'), 'lsp', '--today', '2026-11-22' },
    root_dir = os.getenv('SOP_ROOT'),
  })
  assert(client, 'the LSP client did not start')
  assert(vim.lsp.buf_attach_client(buf, client), 'the buffer was not attached')
  results.found = vim.wait(limit, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  results.diagnostics = seen(vim.diagnostic.get(buf))
  local planted = results.diagnostics[1]
  if planted == nil then
    return
  end

  -- The quick fixes of the diagnostic under the cursor.
  vim.api.nvim_win_set_cursor(0, { planted.lnum + 1, planted.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, planted.lnum) }
  local actions = ask(buf, 'textDocument/codeAction', params) or {}
  results.actions = vim.tbl_map(function(action)
    return { title = action.title, kind = action.kind, preferred = action.isPreferred }
  end, actions)
  local preferred = vim.tbl_filter(function(action)
    return action.isPreferred
  end, actions)[1]
  assert(preferred, 'no preferred quick fix: ' .. vim.inspect(actions))
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  results.fixed_line = vim.api.nvim_buf_get_lines(buf, planted.lnum, planted.lnum + 1, false)[1]
  results.cleared = vim.wait(limit, function()
    return #vim.diagnostic.get(buf) == 0
  end, 20)
  results.after_fix = seen(vim.diagnostic.get(buf))

  -- The fixed `goto`: where it leads, what it shows, what else it could be.
  vim.api.nvim_win_set_cursor(0, { planted.lnum + 1, planted.col })
  local position = vim.lsp.util.make_position_params()
  local definition = ask(buf, 'textDocument/definition', position)
  results.definition = definition and definition[1]
  local hover = ask(buf, 'textDocument/hover', position)
  results.hover = hover and hover.contents
  local completion = ask(buf, 'textDocument/completion', position)
  results.completion = vim.tbl_map(function(item)
    return { label = item.label, newText = item.textEdit and item.textEdit.newText }
  end, completion or {})
end)

results.ok = ok
if not ok then
  results.error = tostring(err)
end
local file = assert(io.open(os.getenv('SOP_RESULT'), 'w'))
file:write(vim.fn.json_encode(results))
file:close()
vim.cmd('qa!')
