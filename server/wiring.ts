/**
 * Connections between capabilities that are made at start-up, for the web server and the command
 * line alike: listeners of another capability's events, and providers of shared rules (which
 * students a partner may see). Each capability adds one import line for its own wiring module.
 */
import './partners/wiring.ts';
import './measures/wiring.ts';
import './home-visits/wiring.ts';
export {};
