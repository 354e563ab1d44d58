/**
 * A workbench command: everything the user can do is one, so the palette lists it, a key can be bound to it, and a
 * test can run it by id. `keybinding` is the default ("Ctrl+Shift+P", "F8", "Shift+F8", "Escape", "Ctrl+J"; "Ctrl"
 * also matches Cmd on macOS); users rebind in the Keyboard Shortcuts view (stored per browser).
 */
export interface Command {
  id: string;
  title: string;
  /** Palette group, e.g. "Review", "Playback", "View". */
  category?: string;
  keybinding?: string;
  /** Extra default keys (oTranscribe's Ctrl+1 beside F1, a foot pedal's key). */
  alternativeKeybindings?: string[];
  /** Available now? (e.g. review commands only with a transcript open). Default: always. */
  when?: () => boolean;
  /**
   * A further condition for the command's keys only, not for the palette (VS Code's keybinding `when`): Escape and
   * Ctrl+Z belong to a text field that has the focus, while the palette still runs the command on the editor it was
   * opened from. Default: the keys work whenever the command is available.
   */
  keybindingWhen?: () => boolean;
  run: () => void | Promise<void>;
}
