import { Component, type ReactNode } from 'react';
import { ErrorAlert } from './Alert.tsx';

/** Keeps one broken page from taking down the whole app. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error) return <ErrorAlert error={this.state.error} />;
    return this.props.children;
  }
}
