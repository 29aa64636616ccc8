// The Matrix transport's face: the port `xenbot start` runs when the config has a `matrix:` section.
export { MatrixPort, type MatrixPortOptions } from "./port.js";
export type { ConnectionState } from "./connection.js";
