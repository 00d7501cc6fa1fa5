import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader.js';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Nothing here" intro="This address is not a screen of Backroom." />
      <p>
        <Link to="/">Go to the dashboard</Link>
      </p>
    </>
  );
}
