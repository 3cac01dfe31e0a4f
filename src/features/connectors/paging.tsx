import { useState } from 'react';
import { TablePagination } from '@mui/material';

/** Page state for a list paged in the worker. */
export function usePaging(initialRows = 25) {
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(initialRows);
  return { page, setPage, rowsPerPage, setRowsPerPage, offset: page * rowsPerPage };
}

/** The pager under a worker-paged table. */
export function Pager({ paging, total }: { paging: ReturnType<typeof usePaging>; total: number }) {
  return (
    <TablePagination
      component="div"
      count={total}
      page={paging.page}
      onPageChange={(_, p) => paging.setPage(p)}
      rowsPerPage={paging.rowsPerPage}
      onRowsPerPageChange={(e) => {
        paging.setRowsPerPage(Number(e.target.value));
        paging.setPage(0);
      }}
    />
  );
}
