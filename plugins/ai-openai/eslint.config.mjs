import baseConfig, { pluginTestBoundaries } from '../../eslint.config.mjs';

export default [...baseConfig, pluginTestBoundaries];
