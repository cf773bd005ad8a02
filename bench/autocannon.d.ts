// The part of autocannon 9's API bench/list.ts uses (the package ships no types).
declare module "autocannon" {
  type TOptions = { url: string; connections?: number; duration?: number; headers?: Record<string, string> };
  type TResult = { errors: number; timeouts: number; non2xx: number; requests: { average: number } };
  type TInstance = PromiseLike<TResult> & {
    on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  };
  function autocannon(options: TOptions): TInstance;
  export default autocannon;
}
