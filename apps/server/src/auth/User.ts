/** An account as the rest of the server sees it; the password hash never leaves the auth stores. */
export interface User {
  readonly id: string;
  /** Normalised: trimmed and lower-cased. */
  readonly email: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  /** Set for accounts created with a generated password (the first admin); cleared by `setPassword`. */
  readonly mustChangePassword: boolean;
  readonly createdAt: number;
  /** Milliseconds since the epoch, or null while the account is active. */
  readonly disabledAt: number | null;
}

/** The `users` columns a {@link User} is built from, in SQL. */
export const USER_COLUMNS =
  'users.id, users.email, users.display_name, users.is_admin, users.must_change_password, users.created_at, users.disabled_at';

/** A row selected with {@link USER_COLUMNS}. */
export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  is_admin: number;
  must_change_password: number;
  created_at: number;
  disabled_at: number | null;
}

/** Maps a `users` row to a {@link User}. */
export function userFromRow(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    isAdmin: row.is_admin === 1,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}
