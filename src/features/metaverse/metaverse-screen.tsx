/**
 * The Metaverse browser: Metaverse Search (query builder, free text, results grid paged and sorted
 * in the worker, the query in the address bar, export), object properties with provenance,
 * history and explanations, and Compare.
 */
import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import {
  DataGrid,
  useGridApiRef,
  type GridColDef,
  type GridRowId,
  type GridSortModel,
} from '@mui/x-data-grid';
import { useQueryClient } from '@tanstack/react-query';
import { workerPaging } from '../../lib/worker-grid.ts';
import { useWorkspace } from '../../lib/workspace.ts';
import type { MvAttributeKind, MvClause, MvSearchRequest } from '../../worker/api-metaverse.ts';
import { CompareDialog } from './compare-dialog.tsx';
import { ColumnSettings } from './column-settings.tsx';
import {
  exportResults,
  runScenarioSteps,
  useMetaverseSearch,
  useMetaverseSummary,
} from './metaverse-api.ts';
import { NotJoined } from './not-joined.tsx';
import { ObjectProperties } from './object-properties.tsx';
import { QueryBuilder, type QueryDraft } from './query-builder.tsx';
import { offeredGroups, readState, writeState, type SearchState } from './url-state.ts';

const TYPING_PAUSE_MS = 250;

// Stable stand-ins until the summary arrives, so that the memoised query builder keeps its render.
const NONE: never[] = [];
const GRID_SLOT_PROPS = { baseCheckbox: { material: { disableRipple: true } } };
/** The grid's rows prop never changes: pages are given through its API (see MetaverseScreen). */
const NO_ROWS: never[] = [];
const NO_KINDS: Record<string, MvAttributeKind> = {};

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The search to ask the worker, with only the clauses whose operator the engine takes. */
function toRequest(s: SearchState, groups: MvClause[][]): MvSearchRequest {
  return {
    query: {
      ...(s.objectType ? { objectType: s.objectType } : {}),
      groups,
      ...(s.text ? { text: s.text } : {}),
    },
    ...(s.sort ? { sort: s.sort } : {}),
    offset: s.page * s.pageSize,
    limit: s.pageSize,
    columns: s.columns,
  };
}

function EmptyMetaverse({
  steps,
  running,
  onRun,
  messages,
}: {
  steps: number;
  running: boolean;
  onRun: () => void;
  messages: string[];
}) {
  return (
    <Alert
      severity="info"
      action={
        steps > 0 ? (
          <Button color="inherit" onClick={onRun} disabled={running}>
            {running ? 'Running…' : "Run the scenario's steps"}
          </Button>
        ) : undefined
      }
    >
      {running
        ? 'Running the scenario’s steps in the engine worker; results appear as objects are synchronized.'
        : 'The metaverse is empty: nothing has been synchronized in this workspace yet.'}
      {!running &&
        steps > 0 &&
        ` The scenario has ${steps} steps (cycles and run profiles) to run.`}
      {messages.map((m) => (
        <Typography key={m} variant="body2">
          {m}
        </Typography>
      ))}
    </Alert>
  );
}

interface QuickSearchProps {
  urlText: string;
  onText: (text: string) => void;
  onSearch: (text: string) => void;
  onClear: () => void;
}

/**
 * The free-text box: it keeps what is typed to itself (so a keystroke re-renders only the box)
 * and puts it in the address bar once typing pauses; the worker does the searching.
 */
const QuickSearch = memo(function QuickSearch({
  urlText,
  onText,
  onSearch,
  onClear,
}: QuickSearchProps) {
  const [text, setText] = useState(urlText);
  const committed = useRef(urlText);
  useEffect(() => {
    // Back/forward or a cleared search: show what the address bar says.
    if (urlText !== committed.current) {
      committed.current = urlText;
      setText(urlText);
    }
  }, [urlText]);
  useEffect(() => {
    if (text === committed.current) return;
    const t = setTimeout(() => {
      committed.current = text;
      onText(text);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(t);
  }, [text, onText]);
  const search = () => {
    committed.current = text;
    onSearch(text);
  };
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
      <TextField
        label="Search metaverse"
        placeholder="Name, mail, account name, UPN or id"
        size="small"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') search();
        }}
        sx={{ flex: 1, maxWidth: 520 }}
      />
      <Button variant="contained" onClick={search}>
        Search
      </Button>
      <Button
        onClick={() => {
          committed.current = '';
          setText('');
          onClear();
        }}
      >
        Clear
      </Button>
    </Stack>
  );
});

export function MetaverseScreen() {
  const [params, setParams] = useSearchParams();
  const paramText = params.toString();
  const state = useMemo(() => readState(new URLSearchParams(paramText)), [paramText]);
  const commit = (next: SearchState, replace = false) => setParams(writeState(next), { replace });

  // The builder edits a draft; Search puts it in the address bar. Back/forward reset the draft.
  const [draft, setDraft] = useState<QueryDraft>({
    objectType: state.objectType,
    groups: state.groups,
  });
  useEffect(() => {
    const next = { objectType: state.objectType, groups: state.groups };
    // Only a real change of the query resets the draft (the builder then keeps its render).
    setDraft((d) => (JSON.stringify(d) === JSON.stringify(next) ? d : next));
  }, [state]);
  const latest = useRef({ state, draft, commit });
  latest.current = { state, draft, commit };
  // Stable callbacks: the quick search re-renders alone while one types.
  const onText = useCallback((text: string) => {
    const l = latest.current;
    l.commit({ ...l.state, text, page: 0 }, true);
  }, []);
  const onSearch = useCallback((text: string) => {
    const l = latest.current;
    l.commit({ ...l.state, ...l.draft, text, page: 0 });
  }, []);
  const onClear = useCallback(() => {
    const l = latest.current;
    l.commit({ ...l.state, objectType: '', groups: [], text: '', page: 0 });
  }, []);

  const workspace = useWorkspace();
  const ready = workspace.data !== undefined;
  const summary = useMetaverseSummary(ready);
  // Clauses are checked against the attribute kinds first: the engine rejects an operator the
  // attribute's type does not take, so the search waits for the summary that knows the kinds.
  const kinds = summary.data?.attributeKinds;
  const offered = useMemo(
    () => offeredGroups(state.groups, (a) => kinds?.[a] ?? 'String'),
    [state.groups, kinds],
  );
  const request = useMemo(() => toRequest(state, offered.groups), [state, offered]);
  const results = useMetaverseSearch(request, ready && kinds !== undefined);
  const notices = [
    ...offered.leftOut,
    ...(results.data?.ignored ?? []),
    ...(results.error ? [results.error.message] : []),
  ];
  const [open, setOpen] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [comparing, setComparing] = useState<[string, string] | null>(null);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  // The address bar is parsed into new arrays on every change: key the grid's models by content,
  // so that the grid does not rebuild its columns or re-apply its sort when only the text changed.
  const columnKey = state.columns.join('\n');
  const columns = useMemo<GridColDef[]>(
    () => [
      { field: 'objectType', headerName: 'Object type', width: 120 },
      ...columnKey
        .split('\n')
        .filter(Boolean)
        .map((c) => ({ field: c, headerName: c, flex: 1, minWidth: 140 })),
    ],
    [columnKey],
  );
  // A new page reaches the grid through its API inside a transition, not through its props: the
  // grid keeps its rows in a store of its own, and a store update made in a transition renders in
  // slices that the next keystroke can interrupt, where new props would re-render every visible
  // cell in one task (the heaviest work of the page, 50-100 ms on a busy 2-core machine).
  const apiRef = useGridApiRef();
  useEffect(() => {
    const data = results.data;
    if (!data) return;
    const rows = data.rows.map((r) => ({ ...r.cells, id: r.id, objectType: r.objectType }));
    startTransition(() => {
      apiRef.current?.setRows(rows);
      apiRef.current?.setRowCount(data.total);
    });
  }, [apiRef, results.data]);
  const sortKey = state.sort
    ? `${state.sort.descending ? 'desc' : 'asc'}:${state.sort.attribute}`
    : '';
  const sortModel = useMemo<GridSortModel>(() => {
    if (!sortKey) return [];
    const [dir, ...field] = sortKey.split(':');
    return [{ field: field.join(':'), sort: dir === 'desc' ? 'desc' : 'asc' }];
  }, [sortKey]);
  const paginationModel = useMemo(
    () => ({ page: state.page, pageSize: state.pageSize }),
    [state.page, state.pageSize],
  );
  const selection = useMemo(
    () => ({ type: 'include' as const, ids: new Set<GridRowId>(selected) }),
    [selected],
  );

  // The grid also reports models that did not change (after new rows, for instance): those must
  // not navigate, or every page of results would re-render the whole screen once more.
  const onPage = useCallback((m: { page: number; pageSize: number }) => {
    const l = latest.current;
    if (m.page === l.state.page && m.pageSize === l.state.pageSize) return;
    l.commit({ ...l.state, page: m.page, pageSize: m.pageSize });
  }, []);
  const onSort = useCallback((m: GridSortModel) => {
    const l = latest.current;
    const first = m[0];
    const sort = first ? { attribute: first.field, descending: first.sort === 'desc' } : undefined;
    const now = l.state.sort;
    if (sort?.attribute === now?.attribute && sort?.descending === now?.descending) return;
    const { sort: _drop, ...rest } = l.state;
    void _drop;
    l.commit(sort ? { ...rest, sort, page: 0 } : { ...rest, page: 0 });
  }, []);
  const onSelect = useCallback((m: { ids: ReadonlySet<GridRowId> }) => {
    // Compare takes two: the newest choices win.
    const next = [...m.ids].map(String).slice(-2);
    setSelected((now) => (now.join('\n') === next.join('\n') ? now : next));
  }, []);
  const onRowClick = useCallback((p: { id: GridRowId }) => setOpen(String(p.id)), []);
  // The grid re-renders only when what it shows changes, not on every change of the address bar.
  const loading = results.isPending;
  const total = results.data?.total ?? 0;
  const grid = useMemo(
    () => (
      <DataGrid
        aria-label="Search results"
        apiRef={apiRef}
        rows={NO_ROWS}
        columns={columns}
        loading={loading}
        {...workerPaging(paginationModel, onPage, sortModel, onSort)}
        checkboxSelection
        // Fewer elements to render and paint per page: no rows kept beyond the visible ones, no
        // ripple element in each row's checkbox.
        rowBufferPx={0}
        slotProps={GRID_SLOT_PROPS}
        disableRowSelectionOnClick
        keepNonExistentRowsSelected
        rowSelectionModel={selection}
        onRowSelectionModelChange={onSelect}
        onRowClick={onRowClick}
      />
    ),
    [
      apiRef,
      columns,
      loading,
      paginationModel,
      sortModel,
      selection,
      onPage,
      onSort,
      onSelect,
      onRowClick,
    ],
  );

  const doExport = async (format: 'csv' | 'json') => {
    setExporting(true);
    try {
      const all = { ...request, offset: 0, limit: Number.MAX_SAFE_INTEGER };
      const body = await exportResults(all, format);
      download(
        `metaverse-search.${format}`,
        format === 'csv' ? 'text/csv' : 'application/json',
        body,
      );
    } finally {
      setExporting(false);
    }
  };

  const client = useQueryClient();
  // Kept here, not in the banner: the banner stays while the metaverse fills up.
  const [running, setRunning] = useState(false);
  const [runMessages, setRunMessages] = useState<string[]>([]);
  const run = async () => {
    setRunning(true);
    try {
      const r = await runScenarioSteps(client);
      setRunMessages(r.ok ? [] : r.messages);
    } finally {
      setRunning(false);
    }
  };

  const s = summary.data;
  return (
    <Stack spacing={2}>
      <Box>
        <Typography variant="h4" component="h1" gutterBottom>
          Metaverse Search
        </Typography>
        <Typography color="text.secondary">
          What the engine believes about each object, where every value came from, and why an object
          did or did not reach Microsoft Entra ID.
          {s ? ` ${s.total.toLocaleString('en')} metaverse objects.` : ''}
        </Typography>
      </Box>
      {s && (s.total === 0 || running || runMessages.length > 0) && (
        <EmptyMetaverse
          steps={s.scenarioSteps}
          running={running}
          onRun={() => void run()}
          messages={runMessages}
        />
      )}

      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Query">
        <Stack spacing={2}>
          <QuickSearch urlText={state.text} onText={onText} onSearch={onSearch} onClear={onClear} />
          <QueryBuilder
            draft={draft}
            onChange={setDraft}
            objectTypes={s?.objectTypes ?? NONE}
            attributes={s?.attributes ?? NONE}
            attributeKinds={s?.attributeKinds ?? NO_KINDS}
          />
          {notices.length > 0 && (
            <Alert severity="warning">
              {notices.map((m) => (
                <Typography key={m} variant="body2">
                  {m}
                </Typography>
              ))}
            </Alert>
          )}
        </Stack>
      </Paper>

      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography role="status" aria-label="Search status" sx={{ flex: 1 }}>
          {results.data
            ? `${total.toLocaleString('en')} results · searched in ${results.data.elapsedMs.toFixed(1)} ms in the engine worker`
            : 'Searching…'}
        </Typography>
        <Button
          variant="outlined"
          disabled={selected.length !== 2}
          onClick={() => setComparing([selected[0] as string, selected[1] as string])}
        >
          Compare
        </Button>
        <Button onClick={() => setColumnsOpen(true)}>Column settings</Button>
        <Button onClick={() => void doExport('csv')} disabled={exporting || total === 0}>
          Export CSV
        </Button>
        <Button onClick={() => void doExport('json')} disabled={exporting || total === 0}>
          Export JSON
        </Button>
      </Stack>
      <Box sx={{ height: 560 }}>{grid}</Box>
      <Typography variant="body2" color="text.secondary">
        Select a row to see its properties; tick two rows and choose Compare to see them side by
        side.
      </Typography>
      <NotJoined />
      {open && <ObjectProperties id={open} onClose={() => setOpen(null)} />}
      {comparing && <CompareDialog ids={comparing} onClose={() => setComparing(null)} />}
      {columnsOpen && (
        <ColumnSettings
          columns={state.columns}
          attributes={s?.attributes ?? []}
          onApply={(cols) => commit({ ...state, columns: cols })}
          onClose={() => setColumnsOpen(false)}
        />
      )}
    </Stack>
  );
}
