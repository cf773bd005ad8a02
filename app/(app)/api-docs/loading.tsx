export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="py-10 text-center text-sm text-muted">
      Loading the API documentation…
    </div>
  );
}
