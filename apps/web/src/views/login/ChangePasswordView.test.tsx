// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../platform/ApiClient.ts';
import { ChangePasswordView } from './ChangePasswordView.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;
let signedOut = 0;

beforeEach(() => {
  signedOut = 0;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  // nothing listens there: the form must not get as far as the server in these tests
  const api = new ApiClient('http://127.0.0.1:9');
  act(() => root.render(<ChangePasswordView api={api} currentPassword="one-time" onChanged={() => {}} onSignOut={() => signedOut++} />));
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('the forced password change', () => {
  it('offers no way past it but changing the password or signing out', () => {
    const buttons = [...host.querySelectorAll('button')].map((button) => button.textContent);
    expect(buttons).toEqual(['Sign out', 'Change password']);
    expect(host.querySelector('[data-testid="password-skip"]')).toBeNull();
    act(() => host.querySelector<HTMLButtonElement>('button[type="button"]')!.click());
    expect(signedOut).toBe(1);
  });
});
