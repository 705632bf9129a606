// Minimal: an entry and a page. Everything else is webpack 5's defaults.
const HtmlWebpackPlugin = require('html-webpack-plugin');

module.exports = {
  entry: './src/index.js',
  plugins: [new HtmlWebpackPlugin({ template: './src/index.html' })],
};
