// The one function of node:util that @bbc/react-transcript-editor's bundle asks for (util.promisify), for the browser.
export const promisify = (fn) => (...args) => new Promise((resolve, reject) => fn(...args, (error, value) => (error ? reject(error) : resolve(value))));
export default { promisify };
