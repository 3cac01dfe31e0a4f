import type { DataGridProps, GridPaginationModel, GridSortModel } from '@mui/x-data-grid';

export const WORKER_PAGE_SIZES = [25, 50, 100];

/**
 * The DataGrid props of a list that the worker pages, sorts and filters: the grid only shows the
 * page it is given, so 100,000 objects never reach the main thread. Spread into `<DataGrid>`.
 *
 * @example
 * <DataGrid rows={data.rows} rowCount={data.total} columns={cols} {...workerPaging(page, setPage, sort, setSort)} />
 */
export function workerPaging(
  paginationModel: GridPaginationModel,
  onPaginationModelChange: (model: GridPaginationModel) => void,
  sortModel: GridSortModel,
  onSortModelChange: (model: GridSortModel) => void,
): Partial<DataGridProps> {
  return {
    paginationMode: 'server',
    sortingMode: 'server',
    filterMode: 'server',
    disableColumnFilter: true,
    paginationModel,
    onPaginationModelChange,
    pageSizeOptions: WORKER_PAGE_SIZES,
    sortModel,
    onSortModelChange,
    density: 'compact',
  };
}
