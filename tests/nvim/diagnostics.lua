-- Driven by tests/lsp_neovim.rs: Neovim's own LSP client (no plugin) runs
-- `sop lsp` on one SOP with a planted mistake, waits for its diagnostic,
-- fixes the text in the buffer, waits for the diagnostic to go away, and
-- writes what it saw as JSON to $SOP_RESULT. Written for Neovim 0.7 (what
-- Debian 12 ships): `vim.lsp.start_client` and `buf_attach_client`, which
-- later versions keep.
local results = {}

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
  local limit = 30000
  results.found = vim.wait(limit, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  results.diagnostics = seen(vim.diagnostic.get(buf))
  local planted = results.diagnostics[1]
  if planted == nil then
    return
  end
  -- The writer's fix: the step id as it should be, typed over the mistake.
  vim.api.nvim_buf_set_text(buf, planted.lnum, planted.col, planted.end_lnum, planted.end_col, { 'refund' })
  results.fixed_line = vim.api.nvim_buf_get_lines(buf, planted.lnum, planted.lnum + 1, false)[1]
  results.cleared = vim.wait(limit, function()
    return #vim.diagnostic.get(buf) == 0
  end, 20)
  results.after_fix = seen(vim.diagnostic.get(buf))
end)

results.ok = ok
if not ok then
  results.error = tostring(err)
end
local file = assert(io.open(os.getenv('SOP_RESULT'), 'w'))
file:write(vim.fn.json_encode(results))
file:close()
vim.cmd('qa!')
