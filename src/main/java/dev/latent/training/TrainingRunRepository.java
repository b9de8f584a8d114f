package dev.latent.training;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface TrainingRunRepository extends JpaRepository<TrainingRun, Long> {

    Page<TrainingRun> findAllByOrderByIdDesc(Pageable pageable);

    List<TrainingRun> findByStatusIn(List<RunStatus> statuses);

    /**
     * Marks runs left queued or running as abandoned: called by the holder of the training lease, when no
     * other run can be alive, so any such run belonged to a process that died.
     */
    @Modifying
    @Transactional
    // SQL rather than JPQL (no parse at start-up, see RatingRepository); the statuses as RunStatus stores them
    @Query(value = "UPDATE training_runs SET status = 'abandoned', phase = 'abandoned', "
            + "error = 'abandoned: the process running it stopped before it finished' "
            + "WHERE status IN ('queued', 'running') AND run_id <> :current", nativeQuery = true)
    int abandonInterrupted(@Param("current") long current);
}
