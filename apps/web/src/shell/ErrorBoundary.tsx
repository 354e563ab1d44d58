import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Names the part that failed in the message. */
  label: string;
  children: ReactNode;
}

interface State {
  error: Error | undefined;
}

/** Keeps one failing part (a view, an editor) from taking the whole workbench down; offers to try again. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.label} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-boundary" role="alert">
        <p>
          {this.props.label} failed: {this.state.error.message}
        </p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
