import { useState, type ReactNode } from 'react';
import { afterChange } from '../../lib/workspace.ts';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  IconButton,
  MenuItem,
  Paper,
  Stack,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import DeleteOutline from '@mui/icons-material/DeleteOutlineOutlined';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SchemaKind } from '../../engine/rules/editor-schema.ts';
import {
  SCOPE_OPERATORS,
  type FlowType,
  type LinkType,
  type MergeType,
  type ScopeOperator,
  type SyncRule,
  type Transformation,
} from '../../engine/rules/model.ts';
import type { ConnectorDto, RuleIssueDto, SaveRuleResultDto } from '../../worker/api-rules.ts';
import { ExpressionEditor, type ExpressionContext } from './expression-editor.tsx';
import { saveRule, useAttributes, useObjectTypes, useValidation } from './rules-api.ts';
import { TestPanel } from './test-panel.tsx';
import { ClauseGroups } from './clause-groups.tsx';
import { ImpactPanel } from './impact-panel.tsx';
import { JoinExplainPanel, ScopeExplainPanel } from './explain-panels.tsx';

const LINK_TYPES: LinkType[] = ['Join', 'StickyJoin', 'Provision'];
const FLOW_TYPES: FlowType[] = ['Direct', 'Constant', 'Expression'];
const MERGE_TYPES: MergeType[] = ['Update', 'Merge', 'MergeCaseInsensitive', 'Replace'];
const PAGES = ['Description', 'Scoping filter', 'Join rules', 'Transformations', 'Impact'] as const;

export interface RuleEditorProps {
  /** The rule being edited (a new rule, a clone, or a saved rule). */
  initial: SyncRule;
  isNew: boolean;
  readOnly: boolean;
  /** The default rule a clone replaces: it is disabled when the clone is saved. */
  disableOriginal?: string;
  connectors: ConnectorDto[];
  onClose: (saved?: Extract<SaveRuleResultDto, { ok: true }>) => void;
}

/** A free-text attribute field offering the attributes of a schema. */
function AttributeField({
  label,
  value,
  onChange,
  schema,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  schema: { kind: SchemaKind; objectType: string };
  disabled: boolean;
}) {
  const attributes = useAttributes(schema);
  return (
    <Autocomplete
      freeSolo
      size="small"
      disabled={disabled}
      options={(attributes.data ?? []).map((a) => a.name)}
      inputValue={value}
      onInputChange={(_, v) => onChange(v)}
      renderInput={(params) => <TextField {...params} label={label} />}
      sx={{ minWidth: 240, flex: 1 }}
    />
  );
}

function Issues({ issues, path }: { issues: RuleIssueDto[]; path?: string }) {
  const shown = path ? issues.filter((i) => i.path.startsWith(path)) : issues;
  if (shown.length === 0) return null;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {shown.map((i, n) => (
        <Typography
          component="li"
          variant="body2"
          key={n}
          color={i.severity === 'error' ? 'error' : 'warning.main'}
        >
          {i.severity === 'error' ? 'Error' : 'Warning'}: {i.message}
        </Typography>
      ))}
    </Box>
  );
}

function Select<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
  minWidth = 200,
}: {
  label: string;
  value: T;
  options: readonly T[];
  onChange: (v: T) => void;
  disabled: boolean;
  minWidth?: number;
}) {
  return (
    <TextField
      select
      size="small"
      label={label}
      value={options.includes(value) ? value : ''}
      onChange={(e) => onChange(e.target.value as T)}
      disabled={disabled}
      sx={{ minWidth }}
    >
      {options.map((o) => (
        <MenuItem key={o} value={o}>
          {o}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * The rule wizard's pages (Description, Scoping filter, Join rules, Transformations), validation
 * before save, and Save. A read-only view of a default rule shows the same pages, disabled.
 */
export function RuleEditor({
  initial,
  isNew,
  readOnly,
  disableOriginal,
  connectors,
  onClose,
}: RuleEditorProps) {
  const [rule, setRule] = useState<SyncRule>(initial);
  const [page, setPage] = useState(0);
  const [testing, setTesting] = useState<number | null>(null);
  const queryClient = useQueryClient();
  const validation = useValidation(readOnly ? null : rule);
  const issues = validation.data ?? [];
  const save = useMutation({
    mutationFn: (r: SyncRule) => saveRule(r, disableOriginal),
    onSuccess: async (result) => {
      if (result.ok) {
        await afterChange(queryClient);
        onClose(result);
      }
    },
  });

  const connector = connectors.find((c) => c.name.toLowerCase() === rule.connector.toLowerCase());
  const csKind: SchemaKind = connector?.kind ?? 'ad';
  const inbound = rule.direction === 'Inbound';
  const source = { kind: inbound ? csKind : 'mv', objectType: rule.sourceObjectType } as const;
  const target = { kind: inbound ? 'mv' : csKind, objectType: rule.targetObjectType } as const;
  const csTypes = useObjectTypes(csKind);
  const mvTypes = useObjectTypes('mv');
  const csType = inbound ? rule.sourceObjectType : rule.targetObjectType;
  const mvType = inbound ? rule.targetObjectType : rule.sourceObjectType;
  const expressionContext: ExpressionContext = { source, direction: rule.direction };

  const set = (patch: Partial<SyncRule>) => setRule((r) => ({ ...r, ...patch }));
  const setTypes = (cs: string, mv: string) =>
    set(
      inbound
        ? { sourceObjectType: cs, targetObjectType: mv }
        : { sourceObjectType: mv, targetObjectType: cs },
    );
  const setFlow = (i: number, patch: Partial<Transformation>) =>
    set({
      transformations: rule.transformations.map((t, n) => (n === i ? { ...t, ...patch } : t)),
    });

  const result = save.data;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const title = readOnly
    ? `View ${rule.direction.toLowerCase()} synchronization rule (read-only)`
    : `${isNew ? 'Create' : 'Edit'} ${rule.direction.toLowerCase()} synchronization rule`;

  let body: ReactNode;
  if (page === 0) {
    body = (
      <Stack spacing={2} sx={{ maxWidth: 720 }}>
        <TextField
          size="small"
          label="Name"
          value={rule.name}
          onChange={(e) => set({ name: e.target.value })}
          disabled={readOnly}
          required
        />
        <TextField
          size="small"
          label="Description"
          value={rule.description}
          onChange={(e) => set({ description: e.target.value })}
          disabled={readOnly}
          multiline
        />
        <Select
          label="Connected System"
          value={rule.connector}
          options={connectors.map((c) => c.name)}
          onChange={(v) => set({ connector: v })}
          disabled={readOnly}
        />
        <Stack direction="row" spacing={2}>
          <Select
            label="Connected System Object Type"
            value={csType}
            options={csTypes.data ?? []}
            onChange={(v) => setTypes(v, mvType)}
            disabled={readOnly}
            minWidth={260}
          />
          <Select
            label="Metaverse Object Type"
            value={mvType}
            options={mvTypes.data ?? []}
            onChange={(v) => setTypes(csType, v)}
            disabled={readOnly}
            minWidth={260}
          />
        </Stack>
        <Stack direction="row" spacing={2}>
          <Select
            label="Link Type"
            value={rule.linkType}
            options={LINK_TYPES}
            onChange={(v) => set({ linkType: v })}
            disabled={readOnly}
          />
          <TextField
            size="small"
            label="Precedence"
            type="number"
            value={Number.isNaN(rule.precedence) ? '' : rule.precedence}
            onChange={(e) =>
              set({ precedence: e.target.value === '' ? NaN : Number(e.target.value) })
            }
            disabled={readOnly}
            sx={{ width: 160 }}
          />
          <TextField
            size="small"
            label="Tag"
            value={rule.immutableTag ?? ''}
            disabled
            helperText="Only out-of-box rules carry a tag."
          />
        </Stack>
        <Stack direction="row" spacing={2}>
          <FormControlLabel
            control={
              <Checkbox
                checked={rule.enablePasswordSync}
                onChange={(e) => set({ enablePasswordSync: e.target.checked })}
                disabled={readOnly}
              />
            }
            label="Enable Password Sync"
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={rule.disabled}
                onChange={(e) => set({ disabled: e.target.checked })}
                disabled={readOnly}
              />
            }
            label="Disabled"
          />
        </Stack>
      </Stack>
    );
  } else if (page === 1) {
    body = (
      <Stack spacing={2}>
        <Typography variant="body2" color="text.secondary">
          Clauses of a group are ANDed; groups are ORed. No group: every {rule.sourceObjectType}{' '}
          object is in scope.
        </Typography>
        <ClauseGroups
          kind="Scoping"
          removeLabel="Remove clause"
          groups={rule.scopingFilter}
          onChange={(scopingFilter) => set({ scopingFilter })}
          empty={() => ({ attribute: '', operator: 'EQUAL' as ScopeOperator, value: '' })}
          disabled={readOnly}
          renderClause={(c, update) => (
            <>
              <AttributeField
                label="Attribute"
                value={c.attribute}
                onChange={(v) => update({ attribute: v })}
                schema={source}
                disabled={readOnly}
              />
              <Select<ScopeOperator>
                label="Operator"
                value={c.operator}
                options={SCOPE_OPERATORS}
                onChange={(v) => update({ operator: v })}
                disabled={readOnly}
              />
              <TextField
                size="small"
                label="Value"
                value={c.value}
                onChange={(e) => update({ value: e.target.value })}
                disabled={readOnly}
              />
            </>
          )}
        />
        <Issues issues={issues} path="scopingFilter" />
        <ScopeExplainPanel rule={rule} />
      </Stack>
    );
  } else if (page === 2) {
    body = (
      <Stack spacing={2}>
        <Typography variant="body2" color="text.secondary">
          Groups are tried top to bottom; the first that finds exactly one metaverse object joins.
          Without a match, link type {rule.linkType}{' '}
          {rule.linkType === 'Provision' ? 'projects a new object' : 'leaves a disconnector'}.
        </Typography>
        <ClauseGroups
          kind="Join"
          removeLabel="Remove join clause"
          groups={rule.joinRules}
          onChange={(joinRules) => set({ joinRules })}
          empty={() => ({ source: '', target: '', caseSensitive: false })}
          disabled={readOnly}
          renderClause={(c, update) => (
            <>
              <AttributeField
                label="Source attribute"
                value={c.source}
                onChange={(v) => update({ source: v })}
                schema={source}
                disabled={readOnly}
              />
              <AttributeField
                label="Target attribute"
                value={c.target}
                onChange={(v) => update({ target: v })}
                schema={target}
                disabled={readOnly}
              />
              <FormControlLabel
                control={
                  <Checkbox
                    checked={c.caseSensitive}
                    onChange={(e) => update({ caseSensitive: e.target.checked })}
                    disabled={readOnly}
                  />
                }
                label="Case sensitive"
              />
            </>
          )}
        />
        <Issues issues={issues} path="joinRules" />
        <JoinExplainPanel rule={rule} />
      </Stack>
    );
  } else if (page === 4) {
    body = (
      <ImpactPanel
        request={{
          kind: 'draft',
          rule,
          ...(disableOriginal ? { disableOriginal } : {}),
        }}
        title="Impact before save"
      />
    );
  } else {
    body = (
      <Stack spacing={2}>
        {rule.transformations.map((t, i) => (
          <Paper
            variant="outlined"
            key={i}
            sx={{ p: 2 }}
            role="group"
            aria-label={`Transformation ${i + 1}`}
          >
            <Stack spacing={1}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Select<FlowType>
                  label="Flow type"
                  value={t.flowType}
                  options={FLOW_TYPES}
                  onChange={(v) => setFlow(i, { flowType: v })}
                  disabled={readOnly}
                  minWidth={140}
                />
                <AttributeField
                  label="Target attribute"
                  value={t.target}
                  onChange={(v) => setFlow(i, { target: v })}
                  schema={target}
                  disabled={readOnly}
                />
                {t.flowType === 'Direct' && (
                  <AttributeField
                    label="Source"
                    value={Array.isArray(t.source) ? (t.source[0] ?? '') : (t.source ?? '')}
                    onChange={(v) => setFlow(i, { source: v })}
                    schema={source}
                    disabled={readOnly}
                  />
                )}
                {t.flowType === 'Constant' && (
                  <TextField
                    size="small"
                    label="Value"
                    value={t.value ?? ''}
                    onChange={(e) => setFlow(i, { value: e.target.value })}
                    disabled={readOnly}
                  />
                )}
                <FormControlLabel
                  control={
                    <Checkbox
                      checked={t.applyOnce}
                      onChange={(e) => setFlow(i, { applyOnce: e.target.checked })}
                      disabled={readOnly}
                    />
                  }
                  label="Apply Once"
                />
                <Select<MergeType>
                  label="Merge Type"
                  value={t.mergeType}
                  options={MERGE_TYPES}
                  onChange={(v) => setFlow(i, { mergeType: v })}
                  disabled={readOnly}
                  minWidth={180}
                />
                <IconButton
                  aria-label={`Remove transformation ${i + 1}`}
                  disabled={readOnly}
                  onClick={() =>
                    set({ transformations: rule.transformations.filter((_, n) => n !== i) })
                  }
                >
                  <DeleteOutline />
                </IconButton>
              </Stack>
              {t.flowType === 'Expression' && (
                <>
                  <ExpressionEditor
                    value={t.expression ?? ''}
                    onChange={(v) => setFlow(i, { expression: v })}
                    context={expressionContext}
                    readOnly={readOnly}
                  />
                  <Box>
                    <Button
                      size="small"
                      onClick={() => setTesting(testing === i ? null : i)}
                      aria-expanded={testing === i}
                    >
                      {testing === i ? 'Hide test' : 'Test expression'}
                    </Button>
                  </Box>
                  {testing === i && (
                    <TestPanel
                      expression={t.expression ?? ''}
                      context={expressionContext}
                      objects={
                        inbound
                          ? {
                              scope: 'cs',
                              connector: rule.connector,
                              objectType: rule.sourceObjectType,
                            }
                          : { scope: 'mv', objectType: rule.sourceObjectType }
                      }
                    />
                  )}
                </>
              )}
              <Issues issues={issues} path={`transformations[${i}]`} />
            </Stack>
          </Paper>
        ))}
        <Box>
          <Button
            disabled={readOnly}
            onClick={() =>
              set({
                transformations: [
                  ...rule.transformations,
                  { target: '', flowType: 'Direct', applyOnce: false, mergeType: 'Update' },
                ],
              })
            }
          >
            Add transformation
          </Button>
        </Box>
      </Stack>
    );
  }

  // No onClose: Escape belongs to the expression editor (it closes completion), never to the draft.
  return (
    <Dialog open fullScreen aria-labelledby="rule-editor-title">
      <DialogTitle id="rule-editor-title">{title}</DialogTitle>
      <DialogContent dividers>
        <Stack direction="row" spacing={3} sx={{ alignItems: 'flex-start' }}>
          <Tabs
            orientation="vertical"
            value={page}
            onChange={(_, v: number) => setPage(v)}
            aria-label="Rule pages"
            sx={{ borderRight: 1, borderColor: 'divider', minWidth: 180 }}
          >
            {PAGES.filter((p) => !readOnly || p !== 'Impact').map((p) => (
              <Tab key={p} label={p} />
            ))}
          </Tabs>
          <Box sx={{ flex: 1, minWidth: 0 }} role="tabpanel" aria-label={PAGES[page]}>
            {body}
          </Box>
        </Stack>
      </DialogContent>
      {!readOnly && (
        <Box sx={{ px: 3, pt: 1 }} component="section" aria-label="Validation">
          {issues.length === 0 ? (
            <Typography variant="body2" color="success.main">
              No problems found.
            </Typography>
          ) : (
            <Issues issues={issues} />
          )}
          {result && !result.ok && (
            <Alert severity="error" sx={{ mt: 1 }}>
              Not saved: fix the errors first.
            </Alert>
          )}
          {save.error && <Alert severity="error">{String(save.error)}</Alert>}
        </Box>
      )}
      <DialogActions>
        <Button onClick={() => onClose()}>{readOnly ? 'Close' : 'Cancel'}</Button>
        {!readOnly && (
          <Button
            variant="contained"
            onClick={() => save.mutate(rule)}
            disabled={save.isPending || errors > 0}
          >
            Save
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
