/**
 * The Microsoft Entra ID tenant as its administrator sees it: domains, the synchronization
 * features (some cannot be switched off once on, as the tenant says), the accidental-deletes
 * threshold, and the objects: cloud-only ones can be created, edited and deleted; synced ones are
 * read-only, as in Entra ID (only their directory roles can change).
 */
import { useState, type ReactNode } from 'react';
import {
  Box,
  Button,
  Chip,
  FormControl,
  FormControlLabel,
  FormHelperText,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { applyWorkspaceAction } from '../../lib/workspace.ts';
import type { CloudObjectDto, TenantDto, TenantObjectFilter } from '../../worker/api-forests.ts';
import type { WorkspaceAction } from '../../worker/api-workspace.ts';
import { useFeedback } from './feedback.tsx';
import { useTenant } from './forests-api.ts';
import { FormDialog } from './form-dialog.tsx';

const ROLES = [
  'Global Administrator',
  'Privileged Role Administrator',
  'User Administrator',
  'Exchange Administrator',
  'Helpdesk Administrator',
  'Hybrid Identity Administrator',
];

const FEATURE_TEXT: Record<keyof TenantDto['features'], string> = {
  blockSoftMatchEnabled: 'BlockSoftMatch: no soft match on proxyAddresses / userPrincipalName',
  softMatchOnUpnEnabled: 'SoftMatchOnUpn: soft match on userPrincipalName too',
  synchronizeUpnForManagedUsersEnabled:
    'SynchronizeUpnForManagedUsers: UPN changes of managed users are synced',
  blockCloudObjectTakeoverThroughHardMatchEnabled:
    'BlockCloudObjectTakeoverThroughHardMatch: no hard match of cloud-managed objects',
};

type Edit =
  | {
      kind: 'add';
      objectType: string;
      upn: string;
      displayName: string;
      mail: string;
      roles: string[];
    }
  | { kind: 'edit'; object: CloudObjectDto; displayName: string; roles: string[] }
  | null;

function useApply() {
  const client = useQueryClient();
  const { report } = useFeedback();
  return async (action: WorkspaceAction, done: string) =>
    report(await applyWorkspaceAction(client, action), done, 'Entra ID refused the change');
}

/** One titled part of the tenant panel, named by its heading. */
function Section({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby={id}>
      <Typography id={id} variant="h6" component="h2">
        {title}
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {intro}
      </Typography>
      {children}
    </Paper>
  );
}

function Features({ tenant }: { tenant: TenantDto }) {
  const apply = useApply();
  return (
    <Section
      id="features-title"
      title="Features"
      intro={
        <>
          Get-MgDirectoryOnPremiseSynchronization. Once enabled, a feature can’t be disabled again,
          except the two blocking flags the documentation tells administrators to switch off for a
          match and back on.
        </>
      }
    >
      <Stack>
        {(Object.keys(tenant.features) as (keyof TenantDto['features'])[]).map((k) => {
          const on = tenant.features[k];
          const locked = on && !tenant.reversibleFeatures.includes(k);
          return (
            <Box key={k}>
              <FormControlLabel
                control={
                  <Switch
                    checked={on}
                    disabled={locked}
                    onChange={(e) =>
                      void apply(
                        { kind: 'tenant-features', features: { [k]: e.target.checked } },
                        `${k} ${e.target.checked ? 'enabled' : 'disabled'}`,
                      )
                    }
                  />
                }
                label={FEATURE_TEXT[k]}
              />
              {locked && (
                <FormHelperText sx={{ mt: -1, ml: 6 }}>Enabled: cannot be disabled</FormHelperText>
              )}
            </Box>
          );
        })}
      </Stack>
    </Section>
  );
}

/** What the service says of a domain name before it is sent (the tenant checks again). */
function domainProblem(tenant: TenantDto, name: string): string | null {
  const d = name.trim().toLowerCase();
  if (d === '') return null;
  if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d))
    return 'Not a domain name (fabrikam.com)';
  if (tenant.verifiedDomains.includes(d)) return 'Already a domain of this tenant';
  return null;
}

function Domains({ tenant }: { tenant: TenantDto }) {
  const apply = useApply();
  const [name, setName] = useState('');
  const problem = domainProblem(tenant, name);
  const add = async () => {
    const domain = name.trim().toLowerCase();
    if (
      await apply(
        { kind: 'tenant-domain', domain, verified: true },
        `Verified domain ${domain} added`,
      )
    )
      setName('');
  };
  return (
    <Section
      id="domains-title"
      title="Domains"
      intro={
        <>
          Custom domain names. A synced user whose on-premises userPrincipalName suffix is not
          verified gets &lt;alias&gt;@{tenant.initialDomain} in Entra ID; adding or removing a
          domain recalculates those userPrincipalNames.
        </>
      }
    >
      <Table size="small" aria-label="Domain names" sx={{ maxWidth: 560, mb: 2 }}>
        <TableBody>
          {tenant.verifiedDomains.map((d) => (
            <TableRow key={d}>
              <TableCell>{d}</TableCell>
              <TableCell>{d === tenant.initialDomain ? 'Initial domain' : 'Verified'}</TableCell>
              <TableCell align="right">
                {d !== tenant.initialDomain && (
                  <Button
                    size="small"
                    color="error"
                    aria-label={`Remove domain ${d}`}
                    onClick={() =>
                      void apply(
                        { kind: 'tenant-domain', domain: d, verified: false },
                        `Domain ${d} removed`,
                      )
                    }
                  >
                    Remove
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack
        direction="row"
        spacing={2}
        sx={{ alignItems: 'flex-start' }}
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem && name.trim() !== '') void add();
        }}
      >
        <TextField
          size="small"
          label="Custom domain name"
          value={name}
          error={problem !== null}
          helperText={problem ?? ' '}
          onChange={(e) => setName(e.target.value)}
        />
        <Button type="submit" variant="outlined" disabled={problem !== null || name.trim() === ''}>
          Add domain
        </Button>
      </Stack>
    </Section>
  );
}

function Threshold({ tenant }: { tenant: TenantDto }) {
  const apply = useApply();
  const [value, setValue] = useState(String(tenant.deletionThreshold ?? 500));
  const enabled = tenant.deletionThreshold !== null;
  return (
    <Section
      id="threshold-title"
      title="Prevent accidental deletes"
      intro={
        <>
          An export to Entra ID with more deletes than this stops (event 116). Currently{' '}
          {enabled ? `${tenant.deletionThreshold} objects` : 'disabled'}.
        </>
      }
    >
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <TextField
          size="small"
          label="Deletion threshold"
          type="number"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <Button
          variant="outlined"
          onClick={() =>
            void apply(
              { kind: 'tenant-threshold', threshold: Number(value) },
              `Threshold set to ${value}`,
            )
          }
        >
          Set threshold
        </Button>
        <Button
          disabled={!enabled}
          onClick={() =>
            void apply({ kind: 'tenant-threshold', threshold: null }, 'Threshold disabled')
          }
        >
          Disable
        </Button>
      </Stack>
    </Section>
  );
}

export function TenantPanel() {
  const [filter, setFilter] = useState<TenantObjectFilter>('all');
  const tenant = useTenant(filter);
  const apply = useApply();
  const [edit, setEdit] = useState<Edit>(null);
  const t = tenant.data;
  if (!t) return <Typography>Loading the tenant…</Typography>;
  // The worker filters and sends only the first objects (a synced tenant holds up to 100,000s).
  const shown = t.objects;

  const save = async () => {
    if (!edit) return;
    if (edit.kind === 'add') {
      const attributes: Record<string, string[]> = { displayName: [edit.displayName] };
      if (edit.objectType === 'user') attributes.userPrincipalName = [edit.upn];
      if (edit.mail) attributes.mail = [edit.mail];
      if (edit.objectType === 'group') {
        attributes.securityEnabled = ['True'];
        attributes.mailEnabled = [edit.mail ? 'True' : 'False'];
      }
      if (
        await apply(
          { kind: 'tenant-add', objectType: edit.objectType, roles: edit.roles, attributes },
          'Cloud object created',
        )
      )
        setEdit(null);
    } else {
      const o = edit.object;
      const set: Record<string, string[]> =
        !o.dirSyncEnabled && edit.displayName !== o.displayName
          ? { displayName: [edit.displayName] }
          : {};
      if (
        await apply(
          { kind: 'tenant-modify', id: o.id, set, clear: [], roles: edit.roles },
          `Saved ${o.displayName}`,
        )
      )
        setEdit(null);
    }
  };

  return (
    <Stack spacing={2}>
      <Domains tenant={t} />
      <Features tenant={t} />
      <Threshold tenant={t} key={String(t.deletionThreshold)} />
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="cloud-title">
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography id="cloud-title" variant="h6" component="h2" sx={{ flex: 1 }}>
            Users, groups and contacts
          </Typography>
          <FormControl size="small">
            <InputLabel id="tenant-filter-label">Show</InputLabel>
            <Select
              labelId="tenant-filter-label"
              label="Show"
              value={filter}
              onChange={(e) => setFilter(e.target.value as TenantObjectFilter)}
            >
              <MenuItem value="all">All</MenuItem>
              <MenuItem value="cloud">Cloud-only</MenuItem>
              <MenuItem value="synced">Synced from AD</MenuItem>
            </Select>
          </FormControl>
          <Button
            variant="outlined"
            onClick={() =>
              setEdit({
                kind: 'add',
                objectType: 'user',
                upn: `admin@${t.verifiedDomains[1] ?? t.initialDomain}`,
                displayName: '',
                mail: '',
                roles: [],
              })
            }
          >
            Add cloud object
          </Button>
        </Stack>
        <Table size="small" aria-label="Entra ID objects">
          <TableHead>
            <TableRow>
              <TableCell>Display name</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Exchange Online</TableCell>
              <TableCell>userPrincipalName / mail</TableCell>
              <TableCell>Source</TableCell>
              <TableCell>Roles</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((o) => (
              <TableRow key={o.id}>
                <TableCell>{o.displayName}</TableCell>
                <TableCell>{o.objectType}</TableCell>
                <TableCell title={o.exchangeOnline?.warnings.join(' ')}>
                  {o.exchangeOnline?.recipientType}
                  {o.exchangeOnline?.warnings.length
                    ? ` · ${o.exchangeOnline.warnings.length} warning(s)`
                    : ''}
                </TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }}>
                  {o.userPrincipalName ?? o.mail ?? ''}
                </TableCell>
                <TableCell>
                  {o.dirSyncEnabled ? (
                    <Chip size="small" label="Synced (read-only)" />
                  ) : (
                    <Chip size="small" color="primary" variant="outlined" label="Cloud-only" />
                  )}
                  {o.provisioningErrors.map((p, i) => (
                    <Chip
                      key={i}
                      size="small"
                      color="warning"
                      label={`${p.attribute} conflict`}
                      title={`${p.value} (held by ${p.conflictsWith})`}
                    />
                  ))}
                </TableCell>
                <TableCell>{o.roles.join(', ')}</TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    <Button
                      size="small"
                      aria-label={`Edit ${o.displayName}`}
                      onClick={() =>
                        setEdit({
                          kind: 'edit',
                          object: o,
                          displayName: o.displayName,
                          roles: o.roles,
                        })
                      }
                    >
                      {o.dirSyncEnabled ? 'Roles' : 'Edit'}
                    </Button>
                    {!o.dirSyncEnabled && (
                      <Button
                        size="small"
                        color="error"
                        aria-label={`Delete ${o.displayName}`}
                        onClick={() =>
                          void apply(
                            { kind: 'tenant-delete', id: o.id },
                            `Deleted ${o.displayName}`,
                          )
                        }
                      >
                        Delete
                      </Button>
                    )}
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {t.total === 0 && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            No objects here yet: add a cloud object, or run a sync cycle to export the forests.
          </Typography>
        )}
        {t.total > shown.length && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            Showing {shown.length} of {t.total.toLocaleString('en-US')} objects.
          </Typography>
        )}
      </Paper>

      <FormDialog
        open={edit !== null}
        id="cloud-edit-title"
        title={edit?.kind === 'add' ? 'Add cloud object' : `Edit ${edit?.object.displayName ?? ''}`}
        onClose={() => setEdit(null)}
        onSubmit={() => void save()}
        submitLabel="Save"
      >
        {edit?.kind === 'add' && (
          <>
            <FormControl>
              <InputLabel id="cloud-type-label">Object type</InputLabel>
              <Select
                labelId="cloud-type-label"
                label="Object type"
                value={edit.objectType}
                onChange={(e) => setEdit({ ...edit, objectType: e.target.value })}
              >
                <MenuItem value="user">user</MenuItem>
                <MenuItem value="group">group</MenuItem>
                <MenuItem value="contact">contact</MenuItem>
              </Select>
            </FormControl>
            {edit.objectType === 'user' && (
              <TextField
                label="userPrincipalName"
                value={edit.upn}
                onChange={(e) => setEdit({ ...edit, upn: e.target.value })}
              />
            )}
            <TextField
              label="mail"
              value={edit.mail}
              onChange={(e) => setEdit({ ...edit, mail: e.target.value })}
            />
          </>
        )}
        {edit && (edit.kind === 'add' || !edit.object.dirSyncEnabled) && (
          <TextField
            label="Display name"
            value={edit.displayName}
            onChange={(e) => setEdit({ ...edit, displayName: e.target.value })}
          />
        )}
        {edit?.kind === 'edit' && edit.object.dirSyncEnabled && (
          <Typography variant="body2">
            Synchronized from on-premises AD: its attributes can only be changed there. Directory
            roles can be assigned in Entra ID.
          </Typography>
        )}
        {edit &&
          (edit.kind === 'add'
            ? edit.objectType === 'user'
            : edit.object.objectType === 'user') && (
            <FormControl>
              <InputLabel id="cloud-roles-label">Directory roles</InputLabel>
              <Select
                labelId="cloud-roles-label"
                label="Directory roles"
                multiple
                value={edit.roles}
                onChange={(e) =>
                  setEdit({
                    ...edit,
                    roles: typeof e.target.value === 'string' ? [e.target.value] : e.target.value,
                  })
                }
              >
                {ROLES.map((r) => (
                  <MenuItem key={r} value={r}>
                    {r}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
          )}
      </FormDialog>
    </Stack>
  );
}
