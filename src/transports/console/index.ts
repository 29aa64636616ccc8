// The console transport's face: the port `xenbot start` opens with no network configured.
export { ConsolePort, consoleMessage, type ConsolePortOptions } from "./console-port.js";
export { renderLine, type TerminalStyle } from "./render.js";
